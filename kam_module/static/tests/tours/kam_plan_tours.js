/** @odoo-module **/

import { registry } from "@web/core/registry";

const objectives = ".o_field_widget[name=objective_ids]";
const actions = ".o_field_widget[name=action_ids]";

registry.category("web_tour.tours").add("kam_manager_drafts_and_submits_plan", {
    steps: () => [
        {
            content: "Create a plan",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour plan 2027",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Tour Client A",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "Add an objective",
            trigger: ".o_notebook .nav-link:contains('Objectives')",
            run: "click",
        },
        {
            trigger: `${objectives} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${objectives} .o_data_row .o_field_widget[name=name] input`,
            run: "edit Grow customs revenue",
        },
        {
            trigger: `${objectives} .o_data_row .o_field_widget[name=kpi] input`,
            run: "edit Annual revenue",
        },
        {
            trigger: `${objectives} .o_data_row .o_field_widget[name=target_value] input`,
            run: "edit 200",
        },
        {
            content: "Add an action",
            trigger: ".o_notebook .nav-link:contains('Actions')",
            run: "click",
        },
        {
            trigger: `${actions} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${actions} .o_data_row .o_field_widget[name=name] input`,
            run: "edit Customs workshop",
        },
        {
            trigger: `${actions} .o_data_row .o_field_widget[name=user_id] input`,
            run: "edit Tour Susanna",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Susanna')",
            run: "click",
        },
        {
            content: "Save the draft",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit it for approval",
            trigger: ".o_form_view button[name=action_request_approval]",
            run: "click",
        },
        {
            content: "The draft is incomplete: the dialog says what it lacks",
            trigger: ".modal .o_field_widget[name=gaps]:contains('Profile is empty')",
        },
        {
            content: "Submit it anyway",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The plan waits for approval",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_head_approves_plan", {
    steps: () => [
        {
            content: "Open the plan waiting for approval",
            trigger: ".o_list_view .o_data_row td:contains('Tour plan to approve')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});
