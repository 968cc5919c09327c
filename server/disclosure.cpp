#include "disclosure.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace indblik::server::disclosure {

Status checkMinGroupSize(int k) {
    if (k < kMinGroupSizeFloor) {
        return Error{"the minimum group size may not be below " +
                     std::to_string(kMinGroupSizeFloor) + " (got " + std::to_string(k) +
                     "): smaller groups would let a report describe individuals"};
    }
    if (k > kMaxMinGroupSize) {
        return Error{"the minimum group size may be at most " + std::to_string(kMaxMinGroupSize) +
                     " (got " + std::to_string(k) + ")"};
    }
    return Status::success();
}

Table::Table(std::size_t rows, std::size_t columns, bool rowTotals, bool columnTotals)
    : m_rows(rows), m_columns(columns), m_rowTotals(rowTotals), m_columnTotals(columnTotals),
      m_cells((rows + 1) * (columns + 1)), m_groups(rows), m_hasGroup(rows, false),
      m_peopleColumns(columns, false), m_givenTotals(columns, false), m_givenTotalCells(columns) {}

void Table::setPeopleColumn(std::size_t column) {
    m_peopleColumns.at(column) = true;
}

void Table::setColumnTotalGiven(std::size_t column, std::int64_t value, PersonSet people) {
    if (m_rowTotals || !m_columnTotals) {
        throw std::logic_error("a given column total needs column totals and no row totals");
    }
    m_givenTotals.at(column) = true;
    Cell& total = m_givenTotalCells.at(column);
    total.value = value;
    total.people = std::move(people);
}

Cell& Table::grid(std::size_t row, std::size_t column) {
    if (row > m_rows || column > m_columns) {
        throw std::out_of_range("disclosure table cell out of range");
    }
    return m_cells[row * (m_columns + 1) + column];
}

Cell& Table::at(std::size_t row, std::size_t column) {
    if (row >= m_rows || column >= m_columns) {
        throw std::out_of_range("disclosure table cell out of range");
    }
    return grid(row, column);
}

const Cell& Table::at(std::size_t row, std::size_t column) const {
    return const_cast<Table*>(this)->at(row, column);
}

void Table::setRowGroup(std::size_t row, PersonSet group) {
    m_groups.at(row) = std::move(group);
    m_hasGroup.at(row) = true;
}

void Table::add(std::size_t row, std::size_t column, std::int64_t value,
                const std::string& person) {
    Cell& c = at(row, column);
    c.value += value;
    if (!person.empty()) {
        c.people.insert(person);
    }
}

const Cell& Table::rowTotal(std::size_t row) const {
    if (!m_rowTotals || row >= m_rows) {
        throw std::out_of_range("no such row total");
    }
    return const_cast<Table*>(this)->grid(row, m_columns);
}

const Cell& Table::columnTotal(std::size_t column) const {
    if (!m_columnTotals || column >= m_columns) {
        throw std::out_of_range("no such column total");
    }
    return const_cast<Table*>(this)->grid(m_rows, column);
}

const Cell& Table::grandTotal() const {
    if (!m_rowTotals || !m_columnTotals) {
        throw std::out_of_range("no grand total");
    }
    return const_cast<Table*>(this)->grid(m_rows, m_columns);
}

void Table::computeTotals() {
    for (std::size_t r = 0; r <= m_rows; ++r) {
        grid(r, m_columns) = Cell{};
    }
    for (std::size_t c = 0; c <= m_columns; ++c) {
        grid(m_rows, c) = Cell{};
    }
    for (std::size_t r = 0; r < m_rows; ++r) {
        for (std::size_t c = 0; c < m_columns; ++c) {
            Cell& cell = grid(r, c);
            if (m_peopleColumns[c]) {
                cell.value = static_cast<std::int64_t>(cell.people.size());
            }
            for (Cell* total : {&grid(r, m_columns), &grid(m_rows, c), &grid(m_rows, m_columns)}) {
                total->value += cell.value;
                total->people.insert(cell.people.begin(), cell.people.end());
            }
        }
    }
    for (std::size_t c = 0; c < m_columns; ++c) {
        if (m_givenTotals[c]) {
            grid(m_rows, c) = m_givenTotalCells[c];
        } else if (m_peopleColumns[c]) {
            Cell& total = grid(m_rows, c);
            total.value = static_cast<std::int64_t>(total.people.size());
        }
    }
}

bool Table::rowIsSmall(std::size_t row, int k) const {
    return m_hasGroup.at(row) && m_groups[row].size() < static_cast<std::size_t>(k);
}

void suppressPrimary(Table& table, int k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    const std::size_t lastRow = table.hasColumnTotals() ? table.rows() : table.rows() - 1;
    const std::size_t lastColumn = table.hasRowTotals() ? table.columns() : table.columns() - 1;
    if (table.rows() == 0 || table.columns() == 0) {
        return;
    }
    for (std::size_t r = 0; r <= lastRow; ++r) {
        const bool smallRow = r < table.rows() && table.rowIsSmall(r, k);
        for (std::size_t c = 0; c <= lastColumn; ++c) {
            Cell& cell = table.grid(r, c);
            const std::size_t n = cell.people.size();
            if (smallRow || (n > 0 && n < kk)) {
                cell.hidden = Hidden::Primary;
            }
        }
    }
}

namespace {

struct Place {
    std::size_t row;
    std::size_t column;
};

// The lines in which a hidden cell could be recovered by subtraction: every data row with its
// row total, every data column with its column total, and the lines of the totals themselves.
std::vector<std::vector<Place>> linesOf(const Table& t) {
    std::vector<std::vector<Place>> lines;
    const std::size_t R = t.rows(), C = t.columns();
    if (t.hasRowTotals()) {
        for (std::size_t r = 0; r < R; ++r) {
            std::vector<Place> line;
            for (std::size_t c = 0; c <= C; ++c) {
                line.push_back({r, c});
            }
            lines.push_back(std::move(line));
        }
    }
    if (t.hasColumnTotals()) {
        for (std::size_t c = 0; c < C; ++c) {
            if (!t.columnIsSummed(c)) {
                continue; // its rows do not add up to its total: no subtraction to guard
            }
            std::vector<Place> line;
            for (std::size_t r = 0; r <= R; ++r) {
                line.push_back({r, c});
            }
            lines.push_back(std::move(line));
        }
    }
    if (t.hasRowTotals() && t.hasColumnTotals()) {
        std::vector<Place> totalsRow, totalsColumn;
        for (std::size_t c = 0; c <= C; ++c) {
            totalsRow.push_back({R, c});
        }
        for (std::size_t r = 0; r <= R; ++r) {
            totalsColumn.push_back({r, C});
        }
        lines.push_back(std::move(totalsRow));
        lines.push_back(std::move(totalsColumn));
    }
    return lines;
}

} // namespace

void suppressComplementary(Table& table) {
    const auto lines = linesOf(table);
    const std::size_t R = table.rows(), C = table.columns();
    bool changed = true;
    while (changed) {
        changed = false;
        for (const auto& line : lines) {
            std::size_t hidden = 0;
            for (const auto& p : line) {
                hidden += table.grid(p.row, p.column).shown() ? 0 : 1;
            }
            if (hidden != 1) {
                continue;
            }
            // The smallest eligible other cell: a data cell before a total (a total hides more
            // of what the council needs), one with people before an empty one (hiding a zero
            // protects little), then the fewest people, then the smallest value.
            const Place* best = nullptr;
            auto key = [&](const Place& p) {
                const Cell& c = table.grid(p.row, p.column);
                const bool total = p.row == R || p.column == C;
                return std::make_tuple(total, c.people.empty(), c.people.size(), c.value);
            };
            for (const auto& p : line) {
                if (!table.grid(p.row, p.column).shown()) {
                    continue;
                }
                if (best == nullptr || key(p) < key(*best)) {
                    best = &p;
                }
            }
            if (best != nullptr) {
                table.grid(best->row, best->column).hidden = Hidden::Complementary;
                changed = true;
            }
        }
    }
}

void suppress(Table& table, int k) {
    table.computeTotals();
    suppressPrimary(table, k);
    suppressComplementary(table);
}

RateFigure rateFigure(std::int64_t with, std::int64_t group, int k) {
    RateFigure out;
    if (group < k || with < 0 || with > group) {
        return out;
    }
    const bool fewWith = with < k;
    const bool fewWithout = group - with < k;
    if (fewWith && fewWithout) {
        return out;
    }
    // The share k people are of the group, rounded up: "fewer than k people" is "under B %".
    const auto bound = static_cast<int>(std::min<std::int64_t>(100, (100 * k + group - 1) / group));
    if (fewWith) {
        out.kind = RateFigure::Kind::Under;
        out.percent = bound;
        return out;
    }
    if (fewWithout) {
        out.kind = RateFigure::Kind::Over;
        out.percent = 100 - bound;
        return out;
    }
    const auto percent = static_cast<int>(
        std::llround(100.0 * static_cast<double>(with) / static_cast<double>(group)));
    if (percent < 1) {
        out.kind = RateFigure::Kind::Under;
        out.percent = 1;
    } else if (percent > 99) {
        out.kind = RateFigure::Kind::Over;
        out.percent = 99;
    } else {
        out.kind = RateFigure::Kind::Exact;
        out.percent = percent;
    }
    return out;
}

std::string rateText(const RateFigure& rate) {
    std::string p = std::to_string(rate.percent) + " %";
    switch (rate.kind) {
    case RateFigure::Kind::Hidden:
        return "*";
    case RateFigure::Kind::Exact:
        return p;
    case RateFigure::Kind::Under:
        return "under " + p;
    case RateFigure::Kind::Over:
        return "over " + p; // the same word in Danish
    }
    return "*";
}

namespace {

std::size_t symmetricDifference(const PersonSet& a, const PersonSet& b) {
    std::size_t n = 0;
    for (const auto& x : a) {
        n += b.count(x) == 0 ? 1 : 0;
    }
    for (const auto& x : b) {
        n += a.count(x) == 0 ? 1 : 0;
    }
    return n;
}

bool contains(const PersonSet& outer, const PersonSet& inner) {
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

// The refusals name no number below k: "the group has 3 people" would itself be a figure about
// fewer than k people (how many are in a small unit, how many joined since the last report).
std::string differs(const std::string& from, int k) {
    return "refused: this report's group differs by fewer than " + std::to_string(k) +
           " people from " + from +
           " released for the same period: comparing the two would "
           "describe those few";
}

} // namespace

Status checkDifferencing(const ReleasedGroups& asked, const std::vector<ReleasedGroups>& released,
                         int k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    const PersonSet& group = asked.group;
    if (!group.empty() && group.size() < kk) {
        return Error{"refused: the group has fewer people than the minimum group size " +
                     std::to_string(k)};
    }
    for (const auto& r : released) {
        if (r.group == group) {
            return Status::success(); // the same report again
        }
    }
    std::vector<const PersonSet*> old;
    for (const auto& r : released) {
        old.push_back(&r.group);
        for (const auto& row : r.rows) {
            old.push_back(&row);
        }
    }
    std::vector<const PersonSet*> fresh{&group};
    for (const auto& row : asked.rows) {
        fresh.push_back(&row);
    }
    for (const auto* g : fresh) {
        for (const auto* o : old) {
            const std::size_t d = symmetricDifference(*g, *o);
            if (d > 0 && d < kk) {
                return Error{differs("a report", k)};
            }
        }
    }
    // Every group known after this report, once each; a row equal to an old group is old.
    struct Known {
        const PersonSet* people;
        bool isNew;
    };
    std::vector<Known> family;
    auto known = [&](const PersonSet* p) {
        return std::find_if(family.begin(), family.end(),
                            [&](const Known& x) { return *x.people == *p; }) != family.end();
    };
    for (const auto* o : old) {
        if (!o->empty() && !known(o)) {
            family.push_back({o, false});
        }
    }
    family.push_back({&group, true});
    for (const auto& row : asked.rows) {
        if (!row.empty() && !known(&row)) {
            family.push_back({&row, true});
        }
    }
    for (const auto& outer : family) {
        PersonSet inside;
        bool anyNew = outer.isNew, anyOld = !outer.isNew;
        for (const auto& inner : family) {
            if (inner.people->size() < outer.people->size() &&
                contains(*outer.people, *inner.people)) {
                inside.insert(inner.people->begin(), inner.people->end());
                anyNew = anyNew || inner.isNew;
                anyOld = anyOld || !inner.isNew;
            }
        }
        if (inside.empty() || !anyNew || !anyOld) {
            continue;
        }
        std::size_t rest = 0;
        for (const auto& x : *outer.people) {
            rest += inside.count(x) == 0 ? 1 : 0;
        }
        if (rest > 0 && rest < kk) {
            return Error{"refused: with the reports already released for the same period, "
                         "subtracting the groups inside a larger one would leave fewer people "
                         "than the minimum group size " +
                         std::to_string(k)};
        }
    }
    return Status::success();
}

Status checkDifferencing(const PersonSet& group, const std::vector<PersonSet>& released, int k) {
    std::vector<ReleasedGroups> reports;
    for (const auto& r : released) {
        reports.push_back(ReleasedGroups{r, {}});
    }
    return checkDifferencing(ReleasedGroups{group, {}}, reports, k);
}

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    const std::size_t middle = (values.size() - 1) / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                     values.end());
    return values[middle];
}

} // namespace indblik::server::disclosure
