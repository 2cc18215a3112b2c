/** @odoo-module **/

import { registry } from "@web/core/registry";

const actions = ".o_field_widget[name=action_ids]";

registry.category("web_tour.tours").add("kam_manager_records_review", {
    steps: () => [
        {
            content: "Open the planned business review",
            trigger: ".o_list_view .o_data_row td:contains('Tour QBR')",
            run: "click",
        },
        {
            content: "Judge the account's health",
            trigger: ".o_field_widget[name=health] .btn:contains('At risk')",
            run: "click",
        },
        {
            content: "Record the decisions",
            trigger: ".o_notebook .nav-link:contains('Decisions')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=decisions] .odoo-editor-editable",
            run: "editor Open the Milan corridor with a pilot warehouse",
        },
        {
            content: "Add an action",
            trigger: ".o_notebook .nav-link:contains('New Actions')",
            run: "click",
        },
        {
            trigger: `${actions} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${actions} .o_data_row .o_field_widget[name=name] input`,
            run: "edit Milan pilot proposal",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Mark the review as held",
            trigger: ".o_form_saved button[name=action_done], .o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The review is done and waits for the Head of KAM",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Snapshot')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=gap_count_at_review]:contains('2')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_head_signs_off_review", {
    steps: () => [
        {
            content: "Open the review waiting for sign-off",
            trigger: ".o_list_view .o_data_row td:contains('Tour QBR')",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Decisions')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=decisions]:contains('Milan corridor')",
        },
        {
            trigger: "button[name=action_sign_off]",
            run: "click",
        },
        {
            content: "The review is signed off",
            trigger: ".ribbon:contains('Signed Off')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_cockpit_manager", {
    steps: () => [
        {
            content: "The manager's key accounts, critical first",
            trigger: ".o_kam_cockpit_accounts tr:contains('Tour Client A')",
        },
        {
            trigger: ".o_kam_tile:contains('My Key Accounts') .o_kam_tile_count:contains('1')",
        },
        {
            content: "Each account's revenue against its plan's target",
            trigger: ".o_kam_cockpit_accounts th:contains('Target') ~ th:contains('Gap')",
        },
        {
            content: "Open the overdue reviews",
            trigger: ".o_kam_tile:contains('Reviews Overdue')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour QBR')",
        },
        {
            trigger: ".o_control_panel:contains('Reviews Overdue')",
        },
        {
            trigger: ".o_breadcrumb a:contains('Cockpit')",
            run: "click",
        },
        {
            content: "Open a tile at 0",
            trigger: ".o_kam_tile .o_kam_tile_count",
            run() {
                [...document.querySelectorAll(".o_kam_tile")]
                    .find((tile) => tile.querySelector(".o_kam_tile_count").textContent.trim() === "0")
                    .click();
            },
        },
        {
            content: "An empty state that says so, not sample records",
            trigger: ".o_view_nocontent .o_view_nocontent_smiling_face",
        },
        {
            trigger: ".o_action_manager:not(:has(.o_view_sample_data)):not(:has(.o_data_row))",
        },
    ],
});

registry.category("web_tour.tours").add("kam_cockpit_head", {
    steps: () => [
        {
            content: "The Head of KAM sees the portfolio",
            trigger: ".o_kam_cockpit_portfolio .o_kam_cockpit_tiers tr:contains('No tier')",
        },
        {
            trigger: ".o_kam_cockpit_health .btn:contains('At risk')",
        },
        {
            trigger: ".o_kam_cockpit_reviews:contains('held')",
        },
        {
            content: "The key accounts' share of revenue: measure it now (with Invoicing or Sales)",
            trigger: ".o_kam_cockpit_measure, .o_kam_cockpit_share_empty:contains('install Invoicing')",
            run() {
                document.querySelector(".o_kam_cockpit_measure")?.click();
            },
        },
        {
            trigger:
                ".o_kam_cockpit_share:contains('Measured on'), .o_kam_cockpit_share_empty:contains('install Invoicing')",
        },
        {
            content: "Open the plans to approve",
            trigger: ".o_kam_tile:contains('Plans to Approve')",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('Tour plan for approval'), .o_kanban_record:contains('Tour plan for approval')",
        },
    ],
});
