/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_manager_maps_decision_maker", {
    steps: () => [
        {
            content: "Open client B from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client B')",
            run: "click",
        },
        {
            content: "The account shows its coverage gap",
            trigger: ".o_form_view div[name=kam_gaps] .badge:contains('No decision maker mapped')",
        },
        {
            content: "Open the stakeholder map",
            trigger: ".o_form_view div[name=kam_gaps] button[name=action_kam_open_stakeholders]",
            run: "click",
        },
        {
            content: "Map a stakeholder",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=contact_id] input",
            run: "edit Tour Greta",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Greta')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=buying_role] select",
            run: "select \"decision_maker\"",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=owner_id] input",
            run: "edit Tour Susanna",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Susanna')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Back to the account",
            trigger: ".o_form_saved .o_breadcrumb a:contains('Tour Client B'), .o_breadcrumb a:contains('Tour Client B')",
            run: "click",
        },
        {
            content: "The gap is gone",
            trigger: ".o_form_view:not(:has(div[name=kam_gaps] .badge:contains('No decision maker mapped'))) .o_field_widget[name=kam_user_id]",
        },
    ],
});

registry.category("web_tour.tours").add("kam_org_chart", {
    steps: () => [
        {
            content: "Open client A from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "Open its stakeholders",
            trigger: ".o_form_view button[name=action_kam_open_stakeholders]",
            run: "click",
        },
        {
            content: "Switch to the org chart",
            trigger: ".o_switch_view.o_hierarchy",
            run: "click",
        },
        {
            content: "The CEO and her four direct reports",
            trigger: ".o_hierarchy_renderer:has(.o_hierarchy_node:contains('Tour Heidi')):has(.o_hierarchy_node:contains('Tour Lukas')):has(.o_hierarchy_node:contains('Tour Marco')):has(.o_hierarchy_node:contains('Tour Eva')):has(.o_hierarchy_node:contains('Tour Nora'))",
        },
        {
            content: "Unfold the purchasing team",
            trigger: ".o_hierarchy_node:contains('Tour Lukas') button[name=hierarchy_search_subsidiaries]",
            run: "click",
        },
        {
            trigger: ".o_hierarchy_node:contains('Tour Sara')",
        },
        {
            content: "Unfold IT",
            trigger: ".o_hierarchy_node:contains('Tour Nora') button[name=hierarchy_search_subsidiaries]",
            run: "click",
        },
        {
            content: "The third level",
            trigger: ".o_hierarchy_node:contains('Tour Tim')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_power_map", {
    steps: () => [
        {
            content: "Open client A from the Key Accounts list",
            trigger: ".o_list_view .o_data_row td:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "Open its power map",
            trigger: ".o_form_view button[name=action_kam_open_power_map]",
            run: "click",
        },
        {
            content: "The decision maker, a supporter of high influence, with her buying role",
            trigger:
                ".o_kam_power_cell[data-influence=high][data-attitude=supporter] .o_kam_power_card:contains('Tour Heidi'):contains('Decision Maker')",
        },
        {
            content: "The skeptic stands in his own cell; empty cells stay",
            trigger:
                ".o_kam_power_cell[data-influence=medium][data-attitude=skeptic]:has(.o_kam_power_card:contains('Tour Marco')) ~ .o_kam_power_cell[data-attitude=opponent]:not(:has(.o_kam_power_card))",
        },
        {
            content: "A name opens the stakeholder",
            trigger: ".o_kam_power_card:contains('Tour Heidi')",
            run: "click",
        },
        {
            content: "Her form, under the power map",
            trigger:
                ".o_breadcrumb:contains('Tour Heidi') ~ * .o_form_view .o_field_widget[name=partner_id]:contains('Tour Client A'), .o_control_panel:has(.o_breadcrumb:contains('Tour Heidi')) ~ .o_content .o_field_widget[name=partner_id]:contains('Tour Client A')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_power_map_empty", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour Client E')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_kam_open_power_map]",
            run: "click",
        },
        {
            content: "No stakeholder: a helpful empty state, no grid",
            trigger:
                ".o_kam_power_map:not(:has(.o_kam_power_grid)) .o_view_nocontent:contains('No stakeholder mapped yet')",
        },
    ],
});
