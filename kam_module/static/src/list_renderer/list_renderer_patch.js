/** @odoo-module **/

import { ListRenderer } from "@web/views/list/list_renderer";
import { patch } from "@web/core/utils/patch";

/**
 * A line left open in an editable list of a notebook page, when the user
 * clicks another page: the line's change re-renders the list in the same
 * frame as the page switch, so the list is patched and then destroyed before
 * its onPatched hook focuses a cell of its (gone) table. The plan form shows
 * it every time, as its dashboard re-renders with every line; skip the focus
 * of a list that is no longer in the page.
 */
patch(ListRenderer.prototype, {
    focusCell(column, forward) {
        if (!this.tableRef.el) {
            return;
        }
        return super.focusCell(column, forward);
    },
});
