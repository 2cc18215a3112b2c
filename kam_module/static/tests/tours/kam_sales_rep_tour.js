/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_sales_rep_sees_key_account", {
    steps: () => [
        {
            content: "The partner form shows the Key Account ribbon",
            trigger: ".o_form_view .ribbon:contains('Key Account')",
        },
        {
            content: "Open the Key Account tab",
            trigger: ".o_notebook .nav-link:contains('Key Account')",
            run: "click",
        },
        {
            content: "The Key Account Manager is shown",
            trigger: ".o_field_widget[name=kam_user_id]:contains('Tour Susanna')",
        },
        {
            content: "The status is shown read-only",
            trigger: ".o_field_widget[name=kam_state]:contains('Key account')",
        },
        {
            content: "A sales rep cannot nominate",
            trigger: ".o_notebook:not(:has(button[name=action_kam_nominate]))",
        },
        {
            content: "Back to the contacts",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Contacts')",
            run: "click",
        },
        {
            content: "Look for a contact person of the key account",
            trigger: ".o_searchview_input",
            run: "edit Tour Heidi",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open her form",
            trigger: ".o_kanban_record:contains('Tour Heidi')",
            run: "click",
        },
        {
            content: "Her form says she works for a key account, and who manages it",
            trigger:
                ".o_form_view .alert-info:contains('Works for'):contains('a key account'):contains('Tour Susanna')",
        },
    ],
});
