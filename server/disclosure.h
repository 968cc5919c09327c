#pragma once

// Disclosure control for works-council reports: pure functions on tables of counts, each cell
// knowing the people behind it. No database here; council_report.cpp fills the tables and
// applies these rules before anything leaves the server (docs/council-reports.md).
//
// The rules, with k the workplace's minimum group size (default 10, never below 5):
// - primary suppression: a cell built from 1 to k-1 people is hidden; so is every cell of a row
//   whose group (the people the row is about) has fewer than k people, zeros included, since a
//   zero says something about each member of a small group;
// - complementary suppression: a table's totals are lines (a row with its row total, a column
//   with its column total, the totals row, the totals column); a line with exactly one hidden
//   cell would give it away by subtraction, so the smallest other cell of that line is hidden
//   too, until no line has exactly one;
// - rates: a rate is two cells, the people who have it and those who do not; each is shown
//   exactly only from k people up, so 0 % and 100 % are never shown (see rateFigure);
// - differencing: a report whose group differs by 1 to k-1 people from a report already
//   released for the same period (or from the union of released groups it contains, or what a
//   released group leaves after it and the others inside it) is refused.
//
// Counts of people decide, not counts of devices or entries: a cell may show a number of
// devices, requests or events, but it is hidden by the number of distinct people behind it.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "result.h"

namespace indblik::server::disclosure {

inline constexpr int kDefaultMinGroupSize = 10;
inline constexpr int kMinGroupSizeFloor = 5;
inline constexpr int kMaxMinGroupSize = 1000;

// Success for kMinGroupSizeFloor..kMaxMinGroupSize, else an error that says why.
Status checkMinGroupSize(int k);

using PersonSet = std::set<std::string>;

enum class Hidden { No, Primary, Complementary };

struct Cell {
    std::int64_t value = 0; // the figure shown: people, devices, requests, events
    PersonSet people;       // the distinct people behind it
    Hidden hidden = Hidden::No;
    bool shown() const { return hidden == Hidden::No; }
};

// Rows (units, systems, categories, types) by columns (measures). Totals are optional: a row
// total only makes sense when the columns add up (the same kind of figure), a column total when
// the rows do. A total's value is the sum of its line's values and its people the union.
class Table {
public:
    Table(std::size_t rows, std::size_t columns, bool rowTotals, bool columnTotals);

    std::size_t rows() const { return m_rows; }
    std::size_t columns() const { return m_columns; }
    bool hasRowTotals() const { return m_rowTotals; }
    bool hasColumnTotals() const { return m_columnTotals; }

    Cell& at(std::size_t row, std::size_t column);
    const Cell& at(std::size_t row, std::size_t column) const;
    // The row's group: the people the row is about (a unit's members). Left empty, a row has
    // no group of its own and only its cells' people count.
    void setRowGroup(std::size_t row, PersonSet group);
    const PersonSet& rowGroup(std::size_t row) const { return m_groups.at(row); }
    // The row has a group and it has fewer than k people.
    bool rowIsSmall(std::size_t row, int k) const;
    // A column counting people: each cell's value is the number of its people, and a total's
    // is the number of distinct people in its line (a person in two rows counts once).
    void setPeopleColumn(std::size_t column);
    // A column whose rows do not add up to its total (people per month: one person can be in
    // two months; observations that span months). Its total is given, not summed, and the
    // column is not a line for complementary suppression: subtracting shown rows from it
    // gives nothing exact. Its total is still checked by the primary rule. Only for tables
    // without row totals (a row total would have to sum it).
    void setColumnTotalGiven(std::size_t column, std::int64_t value, PersonSet people);
    bool columnIsSummed(std::size_t column) const { return !m_givenTotals.at(column); }
    // Adds value to a cell and the person (when not empty) to its people.
    void add(std::size_t row, std::size_t column, std::int64_t value, const std::string& person);

    // Valid after computeTotals().
    const Cell& rowTotal(std::size_t row) const;
    const Cell& columnTotal(std::size_t column) const;
    const Cell& grandTotal() const; // with both kinds of totals
    void computeTotals();

    // The extended grid: data cells, then the row totals as column `columns()`, the column
    // totals as row `rows()`. Used by suppress(); public for tests.
    Cell& grid(std::size_t row, std::size_t column);

private:
    std::size_t m_rows;
    std::size_t m_columns;
    bool m_rowTotals;
    bool m_columnTotals;
    std::vector<Cell> m_cells; // (rows + 1) x (columns + 1)
    std::vector<PersonSet> m_groups;
    std::vector<bool> m_hasGroup;
    std::vector<bool> m_peopleColumns;
    std::vector<bool> m_givenTotals;
    std::vector<Cell> m_givenTotalCells;
};

// Primary, then complementary suppression, in place. Computes the totals first.
void suppress(Table& table, int k);

// Only the primary step (for tests that show the complementary one is needed).
void suppressPrimary(Table& table, int k);
// Only the complementary step, on what is already hidden.
void suppressComplementary(Table& table);

// A rate: `with` of `group` people have it.
struct RateFigure {
    enum class Kind {
        Hidden, // the group has fewer than k people, or both sides do
        Exact,  // percent, never 0 or 100
        Under,  // fewer than k people have it: "under percent %"
        Over,   // fewer than k people lack it: "over percent %"
    };
    Kind kind = Kind::Hidden;
    int percent = 0;
};
// The rule: group < k: hidden. with < k and group - with < k: hidden. with < k: "under B %",
// B = 100·k/group rounded up to a whole percent (at most 100). group - with < k: "over A %",
// A = 100 - B. Otherwise the rate rounded to a whole percent, kept within 1..99 (an exact
// rate that rounds to 0 or 100 shows as "under 1 %" / "over 99 %").
RateFigure rateFigure(std::int64_t with, std::int64_t group, int k);
// "37 %", "under 20 %", "over 80 %", or the hidden mark "*" (the same words in Danish).
std::string rateText(const RateFigure& rate);

// The differencing guard. A report releases its group and, when it breaks figures down by unit,
// the groups of the rows it shows. Refused: a group smaller than k; a group differing by 1 to
// k-1 people from one already released for the same period; and any group from which the groups
// inside it, old and new together, leave 1 to k-1 people (the workplace minus every unit but a
// small one). A derivation among the new report's own rows is left to its cell suppression; the
// same group released again is a repeat and passes.
struct ReleasedGroups {
    PersonSet group;
    std::vector<PersonSet> rows;
};
Status checkDifferencing(const ReleasedGroups& asked, const std::vector<ReleasedGroups>& released,
                         int k);
// The same for a report without rows, against reports without rows.
Status checkDifferencing(const PersonSet& group, const std::vector<PersonSet>& released, int k);

// The median of values (the lower middle one for an even count); 0 for none.
double median(std::vector<double> values);

} // namespace indblik::server::disclosure
