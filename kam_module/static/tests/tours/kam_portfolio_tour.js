/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_portfolio_matrix_breakdown", {
    steps: () => [
        {
            content: "The matrix shows its four named quadrants",
            trigger: ".o_kam_quadrant_development .o_kam_quadrant_title:contains('Development')",
        },
        {
            trigger: ".o_kam_quadrant_maintenance .o_kam_quadrant_title:contains('Maintenance')",
        },
        {
            trigger: ".o_kam_quadrant_streamline .o_kam_quadrant_title:contains('Streamline')",
        },
        {
            content: "Show the key accounts only",
            trigger: "select.o_kam_filter_state",
            run: "select key",
        },
        {
            content: "Each account is a dot in the plane, named on hover",
            trigger: ".o_kam_plane .o_kam_dot_key[title^='Tour Client A:']",
        },
        {
            content: "Client A stands among the strategic accounts; open it",
            trigger: ".o_kam_quadrant_strategic a.o_kam_account:contains('Tour Client A')",
            run: "click",
        },
        {
            content: "Open the score breakdown",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Score')",
            run: "click",
        },
        {
            content: "Each criterion explains its part of the score",
            trigger:
                ".o_field_widget[name=kam_score_line_ids] .o_data_row:contains('Revenue and profit potential'):contains('90.00')",
        },
        {
            content: "No email from its contacts: the engagement line is flagged missing",
            trigger:
                ".o_field_widget[name=kam_score_line_ids] .o_data_row:contains('Customer engagement') .o_field_widget[name=is_missing] input:checked",
        },
    ],
});
