/** @odoo-module **/

import { registry } from "@web/core/registry";

const finance = ".o_list_view .o_data_row:contains('Finance')";

registry.category("web_tour.tours").add("kam_admin_narrows_finance", {
    steps: () => [
        {
            content: "Open the Finance role in the roles' matrix",
            trigger: `${finance} td[name=plan_access]`,
            run: "click",
        },
        {
            content: "Finance reads the plans",
            trigger: ".o_selected_row .o_field_widget[name=plan_access] select",
            run: 'select "read"',
        },
        {
            content: "and sees no stakeholder",
            trigger: ".o_selected_row .o_field_widget[name=stakeholder_access] select",
            run: 'select "none"',
        },
        {
            content: "Save the role",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The matrix shows the new levels",
            trigger: `${finance}:not(.o_selected_row) td[name=stakeholder_access]:contains('None')`,
        },
    ],
});

registry.category("web_tour.tours").add("kam_finance_reads_the_plan_only", {
    steps: () => [
        {
            content: "Open client B from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Client B')",
            run: "click",
        },
        {
            content: "The account's plans are there",
            trigger: ".o_form_view .oe_stat_button[name=action_kam_open_plans]",
        },
        {
            content: "its stakeholder map is not",
            trigger:
                ".o_form_view .o-form-buttonbox:not(:has([name=action_kam_open_stakeholders])):not(:has([name=action_kam_open_power_map]))",
        },
        {
            content: "Open the plans",
            trigger: ".oe_stat_button[name=action_kam_open_plans]",
            run: "click",
        },
        {
            content: "Open client B's plan",
            trigger: ".o_kanban_record:contains('Borealis')",
            run: "click",
        },
        {
            content: "Betsy reads it: its content is read-only to her",
            trigger:
                ".o_form_view .o_field_widget.o_readonly_modifier[name=customer_goals]",
        },
    ],
});
