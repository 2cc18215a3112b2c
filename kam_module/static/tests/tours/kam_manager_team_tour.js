/** @odoo-module **/

import { registry } from "@web/core/registry";

const extended = ".o_field_widget[name=kam_extended_member_ids]";

registry.category("web_tour.tours").add("kam_manager_adds_extended_member", {
    steps: () => [
        {
            content: "Open client A from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "Open the Team tab",
            trigger: ".o_notebook .nav-link:contains('Team')",
            run: "click",
        },
        {
            content: "The manager holds the core seat",
            trigger:
                ".o_field_widget[name=kam_core_member_ids] .o_data_row:contains('Tour Susanna'):contains('Key Account Manager')",
        },
        {
            content: "Add an extended member",
            trigger: `${extended} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${extended} .o_data_row .o_field_widget[name=user_id] input`,
            run: "edit Tour Grant",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Grant')",
            run: "click",
        },
        {
            trigger: `${extended} .o_data_row .o_field_widget[name=role_id] input`,
            run: "edit Project Manager",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Project Manager')",
            run: "click",
        },
        {
            trigger: `${extended} .o_data_row .o_field_widget[name=allocation] input`,
            run: "edit 20",
        },
        {
            content: "Save the account",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The new member is on the extended team",
            trigger: `.o_form_saved ${extended} .o_data_row:contains('Tour Grant'):contains('Project Manager')`,
        },
    ],
});
