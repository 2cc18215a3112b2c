/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_manager_measures_invoiced_revenue", {
    steps: () => [
        {
            content: "Open the draft plan for Delta Energy",
            trigger: ".o_kanban_record:contains('Delta Energy')",
            run: "click",
        },
        {
            content: "Go to its objectives",
            trigger: ".o_notebook .nav-link:contains('Objectives')",
            run: "click",
        },
        {
            content: "Add a ready-made objective",
            trigger: "button:contains('Add a ready-made objective')",
            run: "click",
        },
        {
            content: "Measure the invoiced revenue",
            trigger: ".modal .o_field_widget[name=preset] select",
            run: 'select "invoice_revenue"',
        },
        {
            content: "towards a target",
            trigger: ".modal .o_field_widget[name=target_value] input",
            run: "edit 100000",
        },
        {
            content: "Add and measure it",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The objective is measured from the posted invoice",
            trigger:
                ".o_field_widget[name=objective_ids] .o_data_row:contains('Invoiced revenue'):contains('5,000.00')",
        },
    ],
});

const basel = "[data-division*='Basel warehouse']";

registry.category("web_tour.tours").add("kam_manager_plans_from_whitespace", {
    steps: () => [
        {
            content: "Open client A from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Client A')",
            run: "click",
        },
        {
            content: "The whitespace is among the account's other buttons",
            trigger: ".o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "Open its whitespace",
            trigger: ".oe_stat_button[name=action_kam_open_whitespace]",
            run: "click",
        },
        {
            content: "Basel's automation line is sold: open its order lines",
            trigger: `.o_kam_ws_sold${basel}[data-category='Warehouse Automation']`,
            run: "click",
        },
        {
            content: "The order line of the pick-to-light line",
            trigger: ".o_list_view .o_data_row:contains('Pick-to-light line')",
        },
        {
            content: "Back to the whitespace",
            trigger: ".o_breadcrumb a:contains('Whitespace')",
            run: "click",
        },
        {
            content: "Basel buys no engineering services: plan an opportunity",
            trigger: `.o_kam_ws_white${basel}[data-category='Engineering Services']`,
            run: "click",
        },
        {
            content: "The plan is approved: revise it and add the opportunity",
            trigger: ".modal .btn-primary:contains('Revise and Add')",
            run: "click",
        },
        {
            content: "The cell shows the planned opportunity",
            trigger: `.o_kam_ws_planned${basel}[data-category='Engineering Services']`,
        },
    ],
});
