"""A frame that renders only what changed: Textual's compositor, whose partial update renders each widget's lines that a
change touched instead of every line of every widget near one.

Textual paints a partial frame by cropping to the rectangle around all the changed regions and asking every widget
that overlaps that rectangle for all of its visible lines; it then writes only the changed lines. After an edit of a
large plan the Workloads screen changes the title (row 0), one table row and the detail pane (the bottom rows), so the
rectangle is the whole screen and the frame renders ~24 widgets top to bottom (the tabs, the footer, every line of the
table and of the containers) to write ~17 lines. Here a widget is rendered only for the rows where it meets a changed
region, and not at all when it meets none. What the frame writes is the same: a line is written only where a change
is, a written piece of a line (between two widget edges: a "cut") comes from the front-most widget covering it, and
every widget covering such a piece meets the change it lies in, so it is rendered for that row."""

from __future__ import annotations

from typing import Iterable

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class ChangedLinesCompositor(Compositor):
    """Textual's Compositor with a partial update that renders only the changed rows of the widgets they touch."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        screen = self.size.region
        regions = [clipped for region in update_regions if (clipped := region.intersection(screen))]
        spans = list(self._regions_to_spans(update_regions))
        rendered = {y for y, _x1, _x2 in spans}
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for area, strips in self._changed_renders(regions):
            render_x = area.x
            first_cut, last_cut = area.column_span
            for y, strip in zip(area.line_range, strips):
                if y not in rendered:
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                for cut, piece in zip(final_cuts, strip.divide([cut - render_x for cut in final_cuts[1:]])):
                    if line.get(cut) is None:  # front to back: the first piece for a cut wins
                        line[cut] = piece
        return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])

    def _changed_renders(self, regions: list[Region]) -> Iterable[tuple[Region, list[Strip]]]:
        """(area on screen, its lines) front to back: for each visible widget, its visible part's rows that meet a
        changed region, full width (the pieces of a line are cut at every widget's edges)."""
        for widget, (region, clip) in self.visible_widgets.items():
            visible = region if clip.contains_region(region) else region.intersection(clip)
            if not visible:
                continue
            rows: list[tuple[int, int]] = []
            for changed in regions:
                meet = visible.intersection(changed)
                if meet:
                    rows.append((meet.y, meet.bottom))
            if not rows:
                continue
            rows.sort()
            top, bottom = rows[0]
            for y1, y2 in rows[1:]:
                if y1 > bottom:
                    yield from self._render_rows(widget, region, visible, top, bottom)
                    top = y1
                bottom = max(bottom, y2)
            yield from self._render_rows(widget, region, visible, top, bottom)

    @staticmethod
    def _render_rows(widget, region: Region, visible: Region, top: int, bottom: int) -> Iterable[tuple[Region, list[Strip]]]:
        area = Region(visible.x, top, visible.width, bottom - top)
        yield area, widget.render_lines(Region(area.x - region.x, area.y - region.y, area.width, area.height))
