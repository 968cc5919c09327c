#include <gtest/gtest.h>

#include "disclosure.h"

namespace indblik::server::disclosure {
namespace {

// n made-up person ids with a prefix, so cells can share or not share people.
PersonSet people(const std::string& prefix, int n) {
    PersonSet out;
    for (int i = 0; i < n; ++i) {
        out.insert(prefix + std::to_string(i));
    }
    return out;
}

// A cell counting each of its people once.
void fill(Table& t, std::size_t r, std::size_t c, const PersonSet& who) {
    for (const auto& p : who) {
        t.add(r, c, 1, p);
    }
}

// Every line of the table (a row with its total, a column with its total, the totals' lines)
// with exactly one hidden cell: a cell recoverable by subtraction.
int linesWithOneHidden(Table& t) {
    int bad = 0;
    const std::size_t R = t.rows(), C = t.columns();
    auto count = [&](const std::vector<std::pair<std::size_t, std::size_t>>& line) {
        int hidden = 0;
        for (const auto& [r, c] : line) {
            hidden += t.grid(r, c).shown() ? 0 : 1;
        }
        bad += hidden == 1 ? 1 : 0;
    };
    if (t.hasRowTotals()) {
        for (std::size_t r = 0; r <= (t.hasColumnTotals() ? R : R - 1); ++r) {
            std::vector<std::pair<std::size_t, std::size_t>> line;
            for (std::size_t c = 0; c <= C; ++c) {
                line.emplace_back(r, c);
            }
            count(line);
        }
    }
    if (t.hasColumnTotals()) {
        for (std::size_t c = 0; c <= (t.hasRowTotals() ? C : C - 1); ++c) {
            if (c < C && !t.columnIsSummed(c)) {
                continue; // its months do not add up to its total
            }
            std::vector<std::pair<std::size_t, std::size_t>> line;
            for (std::size_t r = 0; r <= R; ++r) {
                line.emplace_back(r, c);
            }
            count(line);
        }
    }
    return bad;
}

TEST(MinGroupSize, DefaultTenFloorFive) {
    EXPECT_EQ(kDefaultMinGroupSize, 10);
    EXPECT_TRUE(checkMinGroupSize(5).ok());
    EXPECT_TRUE(checkMinGroupSize(10).ok());
    const auto refused = checkMinGroupSize(4);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("may not be below 5 (got 4)"), std::string::npos)
        << refused.error();
    EXPECT_FALSE(checkMinGroupSize(0).ok());
    EXPECT_FALSE(checkMinGroupSize(-3).ok());
}

TEST(Suppression, PrimaryHidesACellOfFewerThanKPeopleButCountsPeopleNotDevices) {
    // One column: devices with a system. Row 0: 3 people with 40 devices between them (a lab);
    // row 1: 12 people with 12 devices.
    Table t(2, 1, false, false);
    for (int i = 0; i < 40; ++i) {
        t.add(0, 0, 1, "lab" + std::to_string(i % 3));
    }
    fill(t, 1, 0, people("s", 12));
    suppress(t, 10);
    EXPECT_EQ(t.at(0, 0).value, 40);
    EXPECT_FALSE(t.at(0, 0).shown()) << "40 devices but only 3 people";
    EXPECT_TRUE(t.at(1, 0).shown());
    EXPECT_EQ(t.at(1, 0).value, 12);
}

TEST(Suppression, RowTotalMinusVisibleCellsWouldRevealTheHiddenCell) {
    // Rows: units; columns: request types; row totals. Unit "Legal" has 2 objections.
    Table t(1, 3, true, false);
    fill(t, 0, 0, people("q", 20)); // questions
    fill(t, 0, 1, people("c", 15)); // copies
    fill(t, 0, 2, people("o", 2));  // objections: 2 people
    t.computeTotals();
    suppressPrimary(t, 10);
    ASSERT_FALSE(t.at(0, 2).shown());
    // The naive report: the total and the other two cells are visible, so the objections are.
    ASSERT_TRUE(t.rowTotal(0).shown());
    const auto derived = t.rowTotal(0).value - t.at(0, 0).value - t.at(0, 1).value;
    EXPECT_EQ(derived, 2) << "the attack works on a primary-only table";
    EXPECT_EQ(linesWithOneHidden(t), 1);

    suppressComplementary(t);
    EXPECT_EQ(linesWithOneHidden(t), 0);
    // The smallest eligible cell went with it: copies (15), not questions (20) or the total.
    EXPECT_FALSE(t.at(0, 1).shown());
    EXPECT_EQ(t.at(0, 1).hidden, Hidden::Complementary);
    EXPECT_TRUE(t.at(0, 0).shown());
    EXPECT_TRUE(t.rowTotal(0).shown());
}

TEST(Suppression, UnitTotalsThatSumToTheWorkplaceDoNotExposeASmallUnit) {
    // Rows: units; one column (people with undeclared monitoring); the column total is the
    // workplace's figure. Unit C has 3 people.
    Table t(3, 1, false, true);
    fill(t, 0, 0, people("a", 40));
    fill(t, 1, 0, people("b", 12));
    fill(t, 2, 0, people("c", 3));
    suppress(t, 10);
    EXPECT_FALSE(t.at(2, 0).shown());
    EXPECT_TRUE(t.columnTotal(0).shown());
    EXPECT_EQ(t.columnTotal(0).value, 55);
    // Workplace minus A minus B would give C: B, the smaller, is hidden too.
    EXPECT_FALSE(t.at(1, 0).shown());
    EXPECT_TRUE(t.at(0, 0).shown());
    EXPECT_EQ(linesWithOneHidden(t), 0);
}

TEST(Suppression, ATotalItselfBuiltFromFewPeopleIsHiddenWithItsCells) {
    // A row of one cell: the total equals it; the cell is small, so must the total be.
    Table t(2, 1, true, true);
    fill(t, 0, 0, people("x", 4));
    fill(t, 1, 0, people("y", 30));
    suppress(t, 10);
    EXPECT_FALSE(t.at(0, 0).shown());
    EXPECT_FALSE(t.rowTotal(0).shown());
    EXPECT_EQ(linesWithOneHidden(t), 0);
}

TEST(Suppression, InATwoWayTableHidesARectangleSoNoLineHasOneHiddenCell) {
    // 3 x 3 with all totals; one small cell. Hiding a partner in its row leaves that partner's
    // column with one hidden cell, and so on, until the hidden cells form a closed pattern.
    Table t(3, 3, true, true);
    int n = 0;
    for (std::size_t r = 0; r < 3; ++r) {
        for (std::size_t c = 0; c < 3; ++c) {
            fill(t, r, c,
                 people("p" + std::to_string(n++) + "-", 11 + static_cast<int>(r * 3 + c)));
        }
    }
    t.at(0, 0) = Cell{};
    fill(t, 0, 0, people("tiny", 2));
    t.computeTotals();
    suppressPrimary(t, 10);
    Table once = t;
    suppressComplementary(t);
    EXPECT_EQ(linesWithOneHidden(t), 0);
    int hidden = 0;
    for (std::size_t r = 0; r < 3; ++r) {
        for (std::size_t c = 0; c < 3; ++c) {
            hidden += t.at(r, c).shown() ? 0 : 1;
        }
    }
    EXPECT_GE(hidden, 4) << "a hidden cell in a 2-way table needs a rectangle of four";
    EXPECT_EQ(linesWithOneHidden(once), 2); // its row and its column, before the step
}

// ---- trends: months as rows, the period's total as the column total ----

TEST(Trends, TheTotalMinusTheShownMonthsWouldRevealASmallMonth) {
    // Requests received by month: January 25 (from 14 people), February 10 (10 people), March 3
    // (3 people); each request has one date, so the months add up to the period's 38.
    Table t(3, 1, false, true);
    for (int i = 0; i < 25; ++i) {
        t.add(0, 0, 1, "p" + std::to_string(i % 14));
    }
    fill(t, 1, 0, people("p", 10));
    fill(t, 2, 0, people("p", 3));
    t.computeTotals();
    ASSERT_EQ(t.columnTotal(0).value, 38);
    suppressPrimary(t, 10);
    ASSERT_FALSE(t.at(2, 0).shown()) << "March: 3 people";
    ASSERT_TRUE(t.columnTotal(0).shown()) << "the period: 14 people";
    // The naive trend: 38 - 25 - 10 is March.
    EXPECT_EQ(t.columnTotal(0).value - t.at(0, 0).value - t.at(1, 0).value, 3);
    EXPECT_EQ(linesWithOneHidden(t), 1);

    suppressComplementary(t);
    EXPECT_EQ(linesWithOneHidden(t), 0);
    // February (fewer people than January) goes with it; January and the total stay.
    EXPECT_EQ(t.at(1, 0).hidden, Hidden::Complementary);
    EXPECT_TRUE(t.at(0, 0).shown());
    EXPECT_TRUE(t.columnTotal(0).shown());
}

TEST(Trends, AnEmptyMonthIsNoPartnerForAHiddenOne) {
    // January 40 reads (20 people), February none, March 2 (2 people). Hiding February's 0
    // would leave 42 - 40 = March's 2: the partner must be a month with people, January.
    Table t(3, 1, false, true);
    for (int i = 0; i < 40; ++i) {
        t.add(0, 0, 1, "p" + std::to_string(i % 20));
    }
    fill(t, 2, 0, people("p", 2));
    suppress(t, 10);
    EXPECT_FALSE(t.at(2, 0).shown());
    EXPECT_EQ(t.at(0, 0).hidden, Hidden::Complementary);
    EXPECT_TRUE(t.at(1, 0).shown());
    EXPECT_TRUE(t.columnTotal(0).shown());
    EXPECT_EQ(t.columnTotal(0).value, 42);
    EXPECT_EQ(linesWithOneHidden(t), 0);
}

TEST(Trends, PeoplePerMonthDoNotAddUpSoTheirTotalIsGivenAndNoSumLine) {
    // People with undeclared monitoring: the same 14 in January and February, 3 of them in
    // March. The period has 14 people, not 31: the total is given, and it is no sum line, so
    // January and February stay (hiding them would protect nothing: 14 - 14 - 14 is no one).
    Table t(3, 2, false, true);
    t.setPeopleColumn(0);
    fill(t, 0, 0, people("u", 14));
    fill(t, 1, 0, people("u", 14));
    fill(t, 2, 0, people("u", 3));
    // Column 1: a month column whose period total comes from just 4 people.
    fill(t, 0, 1, people("v", 4));
    t.setColumnTotalGiven(0, 14, people("u", 14));
    t.setColumnTotalGiven(1, 4, people("v", 4));
    EXPECT_FALSE(t.columnIsSummed(0));
    suppress(t, 10);
    EXPECT_EQ(t.columnTotal(0).value, 14) << "the period's people, each once";
    EXPECT_TRUE(t.columnTotal(0).shown());
    EXPECT_FALSE(t.at(2, 0).shown()) << "March: 3 people";
    EXPECT_EQ(t.at(2, 0).hidden, Hidden::Primary);
    EXPECT_TRUE(t.at(0, 0).shown());
    EXPECT_TRUE(t.at(1, 0).shown());
    // A given total is still checked by the primary rule.
    EXPECT_FALSE(t.columnTotal(1).shown());
    EXPECT_EQ(linesWithOneHidden(t), 0);
}

TEST(Trends, AGivenTotalNeedsAColumnTotalAndNoRowTotal) {
    Table rows(2, 2, true, true);
    EXPECT_THROW(rows.setColumnTotalGiven(0, 1, people("a", 1)), std::logic_error);
    Table none(2, 2, false, false);
    EXPECT_THROW(none.setColumnTotalGiven(0, 1, people("a", 1)), std::logic_error);
}

TEST(Suppression, APeopleColumnsTotalCountsEachPersonOnce) {
    // Two systems on the same 12 people: 12 people in all, not 24.
    Table t(2, 2, false, true);
    t.setPeopleColumn(1);
    for (std::size_t r = 0; r < 2; ++r) {
        fill(t, r, 0, people("p", 12)); // computers
        fill(t, r, 1, people("p", 12)); // people
    }
    suppress(t, 10);
    EXPECT_EQ(t.columnTotal(0).value, 24);
    EXPECT_EQ(t.columnTotal(1).value, 12);
    EXPECT_EQ(t.at(0, 1).value, 12);
}

TEST(Suppression, ZerosOfASmallGroupAreHiddenToo) {
    // Row 0 is a unit of 3 people; none of them has a copy request. "0" would say that about
    // each of the three.
    Table t(2, 2, false, false);
    t.setRowGroup(0, people("small", 3));
    t.setRowGroup(1, people("big", 30));
    fill(t, 1, 0, people("big", 12));
    suppress(t, 10);
    EXPECT_FALSE(t.at(0, 0).shown());
    EXPECT_FALSE(t.at(0, 1).shown());
    EXPECT_TRUE(t.at(1, 0).shown());
    EXPECT_TRUE(t.at(1, 1).shown()) << "a zero of a group of 30 is fine";
}

TEST(Rates, AHundredPercentOfAThreePersonUnitIsNotShown) {
    const auto r = rateFigure(3, 3, 10);
    EXPECT_EQ(r.kind, RateFigure::Kind::Hidden);
    EXPECT_EQ(rateText(r), "*");
}

TEST(Rates, ExtremesBecomeBandsThatStayTrue) {
    // 25 people, all with it: not "100 %" but over 60 % (k/group = 40 %).
    auto all = rateFigure(25, 25, 10);
    EXPECT_EQ(all.kind, RateFigure::Kind::Over);
    EXPECT_EQ(rateText(all), "over 60 %");
    auto none = rateFigure(0, 25, 10);
    EXPECT_EQ(rateText(none), "under 40 %");
    // Both sides from k people up: the rate itself.
    EXPECT_EQ(rateText(rateFigure(12, 25, 10)), "48 %");
    // 12 of 2000: exact would round to 1 %; 5 of 2000 is under k: a band.
    EXPECT_EQ(rateText(rateFigure(12, 2000, 10)), "1 %");
    EXPECT_EQ(rateText(rateFigure(5, 2000, 10)), "under 1 %");
    EXPECT_EQ(rateText(rateFigure(1995, 2000, 10)), "over 99 %");
    // 15 people, 7 with and 8 without: both sides small, nothing shown.
    EXPECT_EQ(rateFigure(7, 15, 10).kind, RateFigure::Kind::Hidden);
}

TEST(Rates, NeverZeroOrHundredAndEveryBandIsTrue) {
    for (int k : {5, 10}) {
        for (int group = 0; group <= 60; ++group) {
            for (int with = 0; with <= group; ++with) {
                const auto r = rateFigure(with, group, k);
                const std::string text = rateText(r);
                EXPECT_NE(text, "0 %") << with << "/" << group;
                EXPECT_NE(text, "100 %") << with << "/" << group;
                const double share = 100.0 * with / std::max(group, 1);
                switch (r.kind) {
                case RateFigure::Kind::Hidden:
                    break;
                case RateFigure::Kind::Exact:
                    EXPECT_GE(with, k);
                    EXPECT_GE(group - with, k);
                    break;
                case RateFigure::Kind::Under:
                    EXPECT_LT(share, r.percent) << with << "/" << group;
                    EXPECT_GE(group, k);
                    break;
                case RateFigure::Kind::Over:
                    EXPECT_GT(share, r.percent) << with << "/" << group;
                    EXPECT_GE(group, k);
                    break;
                }
                if (group < k) {
                    EXPECT_EQ(r.kind, RateFigure::Kind::Hidden);
                }
            }
        }
    }
}

TEST(Differencing, TwoReportsDifferingByOnePersonAreRefused) {
    const PersonSet sales = people("s", 30);
    PersonSet salesAndNewcomer = sales;
    salesAndNewcomer.insert("newcomer");
    // Released: Sales for March. Asked: the same unit a day later, with one person more.
    const auto refused = checkDifferencing(salesAndNewcomer, {sales}, 10);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("differs by fewer than 10 people"), std::string::npos)
        << refused.error();
    // The same group again is the same report: fine. Ten more people: fine.
    EXPECT_TRUE(checkDifferencing(sales, {sales}, 10).ok());
    PersonSet tenMore = sales;
    for (const auto& p : people("n", 10)) {
        tenMore.insert(p);
    }
    EXPECT_TRUE(checkDifferencing(tenMore, {sales}, 10).ok());
    // Nine more people: refused at k = 10, fine at k = 5.
    PersonSet nineMore = sales;
    for (const auto& p : people("n", 9)) {
        nineMore.insert(p);
    }
    EXPECT_FALSE(checkDifferencing(nineMore, {sales}, 10).ok());
    EXPECT_TRUE(checkDifferencing(nineMore, {sales}, 5).ok());
}

TEST(Differencing, TheWorkplaceMinusTheReleasedUnitsMayNotLeaveASmallUnit) {
    const PersonSet a = people("a", 20), b = people("b", 15), c = people("c", 3);
    PersonSet workplace = a;
    workplace.insert(b.begin(), b.end());
    workplace.insert(c.begin(), c.end());
    // Pairwise, the workplace differs from A by 18 and from B by 23: both fine alone.
    EXPECT_TRUE(checkDifferencing(workplace, {a}, 10).ok());
    const auto refused = checkDifferencing(workplace, {a, b}, 10);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("would leave fewer people than the minimum group size 10"),
              std::string::npos)
        << refused.error();
    EXPECT_EQ(refused.error().find('3'), std::string::npos) << "C's size is not told";
    // The other order: the workplace and A released, then B asked for.
    const auto refusedToo = checkDifferencing(b, {workplace, a}, 10);
    ASSERT_FALSE(refusedToo.ok());
    EXPECT_NE(refusedToo.error().find("would leave fewer people"), std::string::npos)
        << refusedToo.error();
}

TEST(Differencing, UnitRowsOfAReleasedReportCountAsReleasedButNotAgainstTheirOwnReport) {
    const PersonSet a = people("a", 20), b = people("b", 15), c = people("c", 3);
    PersonSet workplace = a;
    workplace.insert(b.begin(), b.end());
    workplace.insert(c.begin(), c.end());
    // The workplace report shows rows A and B (C is hidden by its cell suppression): that
    // derivation inside one report is not the guard's.
    const ReleasedGroups whole{workplace, {a, b}};
    EXPECT_TRUE(checkDifferencing(whole, {}, 10).ok());
    EXPECT_TRUE(checkDifferencing(whole, {whole}, 10).ok()) << "a repeat";
    // After it, A's own report: workplace - A - B(row) = C.
    const auto refused = checkDifferencing(ReleasedGroups{a, {}}, {whole}, 10);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("leave fewer people than the minimum group size 10"),
              std::string::npos)
        << refused.error();
    // Without the rows, A alone leaves B and C (18): fine.
    EXPECT_TRUE(checkDifferencing(ReleasedGroups{a, {}}, {ReleasedGroups{workplace, {}}}, 10).ok());
}

TEST(Differencing, AGroupSmallerThanKIsRefusedOutright) {
    EXPECT_FALSE(checkDifferencing(people("x", 9), {}, 10).ok());
    EXPECT_TRUE(checkDifferencing(people("x", 10), {}, 10).ok());
}

TEST(Median, LowerMiddle) {
    EXPECT_EQ(median({}), 0);
    EXPECT_EQ(median({3, 1, 2}), 2);
    EXPECT_EQ(median({4, 1, 3, 2}), 2);
}

} // namespace
} // namespace indblik::server::disclosure
