/** @odoo-module **/

import { Component } from "@odoo/owl";

/**
 * A two-axis grid of the KAM screens (portfolio matrix, power map): the
 * vertical axis title on the left, the content, the horizontal axis title
 * below.
 */
export class KamMatrixFrame extends Component {
    static template = "kam_module.MatrixFrame";
    static props = {
        yLabel: String,
        xLabel: String,
        slots: Object,
    };
}
