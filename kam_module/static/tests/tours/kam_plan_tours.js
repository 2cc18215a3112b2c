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

/** Open a new line of a tab's editable list and, the line still open, go to another tab. */
function leaveAnOpenLine(tab, field, next) {
    const list = `.o_field_widget[name=${field}]`;
    return [
        {
            trigger: `.o_notebook .nav-link:contains('${tab}')`,
            run: "click",
        },
        {
            trigger: `${list} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Type in the line of ${field} and go to ${next} at once, as a user does`,
            trigger: `${list} .o_selected_row .o_field_widget[name=name] input`,
            async run(helpers) {
                await helpers.fill(`Tour ${field}`);
                await helpers.click(`.o_notebook .nav-link:contains('${next}')`);
            },
        },
        {
            trigger: `.o_notebook .nav-link.active:contains('${next}')`,
        },
    ];
}

registry.category("web_tour.tours").add("kam_plan_tabs_with_an_open_line", {
    steps: () => [
        ...leaveAnOpenLine("Competition", "swot_ids", "Opportunities"),
        ...leaveAnOpenLine("Competition", "competitor_ids", "Profile"),
        ...leaveAnOpenLine("Opportunities", "opportunity_ids", "Objectives"),
        ...leaveAnOpenLine("Objectives", "objective_ids", "Actions"),
        ...leaveAnOpenLine("Actions", "action_ids", "Relationship"),
        {
            content: "Save the lines",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("kam_approved_plan_takes_progress_only", {
    steps: () => [
        {
            trigger: ".o_notebook .nav-link:contains('Objectives')",
            run: "click",
        },
        {
            content: "Progress stays open: the current value is editable",
            trigger: `${objectives} .o_data_row td[name=current_value]`,
            run: "click",
        },
        {
            trigger: `${objectives} .o_selected_row .o_field_widget[name=current_value] input`,
        },
        {
            content: "No new or removed objective on an approved plan",
            trigger: `${objectives}:not(:has(.o_field_x2many_list_row_add)):not(:has(.o_list_record_remove))`,
        },
        {
            trigger: `${objectives} .o_selected_row .o_field_widget[name=name]:not(:has(input))`,
        },
        {
            trigger: ".o_notebook .nav-link:contains('Actions')",
            run: "click",
        },
        {
            trigger: `${actions} .o_data_row td[name=state]`,
            run: "click",
        },
        {
            content: "The action's status stays open",
            trigger: `${actions} .o_selected_row .o_field_widget[name=state] select`,
        },
        {
            content: "No new or removed action on an approved plan",
            trigger: `${actions}:not(:has(.o_field_x2many_list_row_add)):not(:has(.o_list_record_remove))`,
        },
        {
            trigger: ".o_notebook .nav-link:contains('Competition')",
            run: "click",
        },
        {
            content: "The content tabs are locked",
            trigger: ".o_field_widget[name=swot_ids]:not(:has(.o_field_x2many_list_row_add)):not(:has(.o_list_record_remove))",
        },
    ],
});
