"""A DataTable keyed by domain id that updates only what changed (the Workloads, Placement, Hardware, Timeline and
Costs screens). Apart from planner.tui.widgets so that Textual's DataTable is imported with the first screen that shows
one, not before the app's first frame."""

from __future__ import annotations

from itertools import zip_longest

from rich.cells import cell_len
from rich.text import Text
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, DuplicateKey, Row as TableRow, RowKey, default_cell_formatter

Cell = str | Text
Row = tuple[Cell, ...]

ROWS_REDRAWN_ALONE = 16
"""Rows changed by one update that a KeyedTable draws again one by one; beyond it (a new currency or language:
every row) the whole table is drawn again, as DataTable does (a program setting)."""


class KeyedTable(DataTable):
    """A DataTable whose rows are keyed by domain id and updated in place.

    `sync()` compares the new rows with the last ones and touches only changed cells; rows are
    removed or appended by key, and the table is rebuilt only when the order itself changed.
    A changed cell makes DataTable measure its whole column again only when that cell was the
    widest one (measuring a 1,000-row column costs tens of milliseconds).
    """

    def __init__(self, columns: list[tuple[str, str]], **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns
        self._rows: dict[str, Row] = {}
        self._signatures: dict[str, tuple] = {}
        self._order: list[str] = []
        self._exact_widths = True
        """Each column's content width is its widest cell (False after rows were removed: DataTable keeps the old width)."""
        self._rendered_for: object = None
        """What `render` depended on besides the signatures at the last sync (see `sync`)."""

    def on_mount(self) -> None:
        for label, key in self._columns:
            self.add_column(label, key=key)

    def set_columns(self, columns: list[tuple[str, str]]) -> None:
        """Replace the columns (and drop every row) when they differ from the current ones."""
        if columns == self._columns:
            return
        self.clear(columns=True)
        self._columns = columns
        self._rows, self._signatures, self._order = {}, {}, []
        self._exact_widths = True
        for label, key in columns:
            self.add_column(label, key=key)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self._order or self.cursor_row < 0 or self.cursor_row >= self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def select_key(self, key: str) -> None:
        """Move the cursor to the row with this key, if there is one."""
        if key in self._rows:
            self.move_cursor(row=self.get_row_index(key))

    def sync(self, rows: list[tuple[str, tuple]], render: Callable[[tuple], Row] | None = None, context: object = None) -> None:
        """Show exactly `rows` in this order, changing as little as possible.

        Each row is (key, signature): plain values that `render` turns into cells (identity when
        None). Rows whose signature did not change are not rendered again, so a 1,000-row table
        costs one tuple comparison per row. A key seen twice gets a `#2`, `#3` suffix.
        `context`: what else `render` depends on (currency, language); when it changed, every row is
        rendered again (and only the cells that differ are updated).
        """
        if context != self._rendered_for:
            self._rendered_for = context
            self._signatures = dict.fromkeys(self._signatures, None)
        keys = [key for key, _signature in rows]
        if len(set(keys)) != len(keys):
            rows = _unique(rows)
            keys = [key for key, _signature in rows]
        draw = render or (lambda signature: signature)
        if keys == self._order:
            self._update(rows, draw)
            return
        new = set(keys)
        kept = [k for k in self._order if k in new]
        if keys[: len(kept)] == kept:
            for key in self._order:
                if key not in new:
                    self.remove_row(key)
                    del self._rows[key], self._signatures[key]
                    self._exact_widths = False
            self._update(rows[: len(kept)], draw)
            self._append(rows[len(kept) :], draw)
            self._order = keys
            self._settle_widths()
            return
        current = self.current_key
        self.clear()
        self._rows, self._signatures = {}, {}
        self._exact_widths = True
        self._append(rows, draw)
        self._order = keys
        if current is not None:
            self.select_key(current)
        self._settle_widths()

    def _append(self, rows: list[tuple[str, tuple]], draw: Callable[[tuple], Row]) -> None:
        """Add rows at the bottom: DataTable.add_row's bookkeeping for each (one-line rows without a label), and what
        add_row repeats for every row (re-checking the cursor, asking for an idle pass, a new update count) once for
        all of them: that repetition was about half of building a 1,000-row table."""
        if not rows:
            return
        was_empty = self.row_count == 0
        columns = self.ordered_columns
        locations, data, table_rows, new_rows = self._row_locations, self._data, self.rows, self._new_rows
        for key, signature in rows:
            cells = draw(signature)
            if not self._rows:
                self._align_headers(cells)
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            locations[row_key] = len(table_rows)
            data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            table_rows[row_key] = TableRow(row_key, 1, None, False)
            new_rows.add(row_key)
            self._rows[key], self._signatures[key] = cells, signature
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and len(self.columns) > 0 and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does when its row is the first
        self._update_count += 1
        self.check_idle()

    def _align_headers(self, cells: Row) -> None:
        """A column whose cells are right-aligned (numbers, money) gets its header right-aligned too, over the
        figures (DataTable draws a header label as the Text it is given, justify included)."""
        changed = False
        for (_label, key), cell in zip(self._columns, cells):
            column = self.columns.get(ColumnKey(key))
            if column is not None and isinstance(cell, Text) and cell.justify == "right" and column.label.justify != "right":
                column.label = column.label.copy()
                column.label.justify = "right"
                changed = True
        if changed:
            self._clear_caches()
            self.refresh()

    def _update(self, rows: list[tuple[str, tuple]], draw: Callable[[tuple], Row]) -> None:
        changed: list[tuple[str, list[tuple[str, Cell, Cell]]]] = []
        signatures = self._signatures
        for key, signature in rows:
            if signatures[key] == signature:
                continue
            old, cells = self._rows[key], draw(signature)
            changed.append((key, [(column, before, after) for (_label, column), before, after in zip(self._columns, old, cells) if before != after]))
            self._rows[key], signatures[key] = cells, signature
        if not changed:
            return
        if len(changed) > self.rows_redrawn_alone or any(self._widens_or_narrows(column, before, after) for _key, cells in changed for column, before, after in cells):
            for key, cells in changed:  # DataTable's way: every cached row and line is drawn again
                for column, before, after in cells:
                    self.update_cell(key, column, after, update_width=self._resizes(column, before, after))
            self._settle_widths()
            return
        for key, cells in changed:
            self._redraw_row(key, [(column, after) for column, _before, after in cells])

    rows_redrawn_alone = ROWS_REDRAWN_ALONE

    def _settle_widths(self) -> None:
        """Work out now what DataTable leaves to its next idle moment (the widths of columns whose cells changed or
        came, and the scrollable size), then draw every row again.

        DataTable finalises column widths on idle and does not draw its cached rows again after: a frame drawn in
        between (the screen updates on its own timer; a loaded machine makes that likely) caches the rows at the old
        widths, and they stay so until the next update: an override cut to "REGULATO" under "Override". Only when
        an update or new rows are waiting for it (the row-alone redraw changes no width)."""
        if not self._updated_cells and not self._require_update_dimensions:
            return
        if self._updated_cells:
            updated = self._updated_cells.copy()
            self._updated_cells.clear()
            self._update_column_widths(updated)
        self._require_update_dimensions = False
        new_rows = self._new_rows.copy()
        self._new_rows.clear()
        self._update_dimensions(new_rows)
        self._update_count += 1
        self.refresh()

    def _redraw_row(self, key: str, cells: list[tuple[str, Cell]]) -> None:
        """Put `cells` (column key, value) in the row `key` and draw that row again, and only it.

        DataTable.update_cell makes every row drawn again: it counts an update, and the count is part of the key
        of each cached cell, row and line, so the next frame renders every visible cell of the table (~25 ms for
        the ~150 cells of a 120x40 Workloads screen, on each edit). When no column changes width, only this row's
        changed cells and its cached rows are dropped (the lines are put together again from the cached rows) and only
        its region is refreshed: the frame renders the changed cells of one row."""
        row_key = RowKey(key)
        data = self._data[row_key]
        changed = set()
        for column, value in cells:
            column_key = ColumnKey(column)
            data[column_key] = value
            changed.add(column_key)
        cell_cache = self._cell_render_cache  # keys start with (row key, column key): the row's other cells stay drawn
        for cached in [k for k in cell_cache.keys() if k[0] == row_key and k[1] in changed]:
            cell_cache.discard(cached)
        row_cache = self._row_render_cache  # keys start with the row's key
        for cached in [k for k in row_cache.keys() if k[0] == row_key]:
            row_cache.discard(cached)
        index = self._row_locations.get(row_key)
        for cached in [k for k in self._row_renderable_cache.keys() if k[1] == index]:  # (update count, row index)
            self._row_renderable_cache.discard(cached)
        self._line_cache.clear()
        if index is not None:
            self.refresh_row(index)

    def _update_dimensions(self, new_rows) -> None:
        """DataTable's, with the width of a plain one-line cell read from its text: DataTable measures every
        cell of every new row through rich (~40 µs each: ~3 s before a 10,000-row table first draws). A cell
        whose width its text does not tell for sure (markup, emoji codes) and labelled or auto-height rows go
        to DataTable's own measuring, which also does the rest (the table's virtual size)."""
        measured = []
        columns = self.ordered_columns
        for row_key in new_rows:
            row, cells = self.rows.get(row_key), self._data.get(row_key)
            if row is None or cells is None or row_key not in self._row_locations:
                continue
            widths = [_text_width(cells.get(column.key)) for column in columns] if row.label is None and not row.auto_height else [None]
            if None in widths:
                measured.append(row_key)
                continue
            for column, width in zip(columns, widths):
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(measured)

    def _width(self, cell: Cell) -> int:
        """A cell's width as DataTable measures it (rows are one line high)."""
        return measure(self.app.console, default_cell_formatter(cell, wrap=False, height=1), 1)

    def _widens_or_narrows(self, column: str, before: Cell, after: Cell) -> bool:
        """Whether replacing `before` by `after` may change the column's width (a cell of the same width as the
        widest one does not)."""
        content_width = self.columns[ColumnKey(column)].content_width
        width = self._width(after)
        if width != content_width:
            return width > content_width or not self._exact_widths or self._width(before) >= content_width
        return False

    def _resizes(self, column: str, before: Cell, after: Cell) -> bool:
        """Whether replacing `before` by `after` can change the column's width.

        DataTable's update_width re-measures the whole column whenever the new cell is narrower
        than the column; that is only needed when the old cell was the widest (or the widths are
        stale after removed rows), so other updates leave the width alone.
        """
        content_width = self.columns[ColumnKey(column)].content_width
        if self._width(after) >= content_width:
            return True  # grows or stays: DataTable takes the new width without measuring the column
        return not self._exact_widths or self._width(before) >= content_width


def _text_width(cell: object) -> int | None:
    """The width DataTable's measure gives a cell of a one-line row, from its text: a Text's widest line, a
    one-line str that cannot be markup or hold emoji codes; None for anything else (DataTable measures it)."""
    if isinstance(cell, Text):
        plain = cell.plain
        return max(map(cell_len, plain.splitlines()), default=0) if "\n" in plain else cell_len(plain)
    if isinstance(cell, str) and not any(mark in cell for mark in "[:\n"):
        return cell_len(cell)
    return None


def _unique(rows: list[tuple[str, tuple]]) -> list[tuple[str, tuple]]:
    seen: dict[str, int] = {}
    unique = []
    for key, cells in rows:
        count = seen.get(key, 0) + 1
        seen[key] = count
        unique.append((key if count == 1 else f"{key}#{count}", cells))
    return unique
