/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_head_designates_candidate", {
    steps: () => [
        {
            content: "Open the candidate from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client D')",
            run: "click",
        },
        {
            content: "Designate the candidate",
            trigger: ".o_form_view button[name=action_kam_designate]",
            run: "click",
        },
        {
            content: "The account is now a key account",
            trigger: ".o_form_view .ribbon:contains('Key Account')",
        },
        {
            content: "The status bar moved on",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Key account')",
        },
    ],
});
