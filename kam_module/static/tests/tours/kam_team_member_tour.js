/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_team_member_account", {
    steps: () => [
        {
            content: "Open client A from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "A Team Member sees the status and the manager",
            trigger: ".o_form_view .o_field_widget[name=kam_user_id]:contains('Tour Susanna')",
        },
        {
            content: "...and no score breakdown or score button he could not use",
            trigger:
                ".o_form_view:not(:has(.o_notebook .nav-link:contains('Score'))):not(:has(button[name=action_kam_open_score_trend]))",
        },
        {
            content: "Log a note on the account",
            trigger: ".o-mail-Chatter-topbar button:contains('Log note')",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit Site visit planned for Thursday.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The note is in the chatter",
            trigger: ".o-mail-Message-body:contains('Site visit planned for Thursday.')",
        },
    ],
});
