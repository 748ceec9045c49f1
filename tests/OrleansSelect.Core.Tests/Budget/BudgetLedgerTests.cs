using OrleansSelect.Core;
using OrleansSelect.Core.Budget;

namespace OrleansSelect.Core.Tests.Budget;

public class BudgetLedgerTests
{
    private static BudgetLedger NewLedger(double total)
    {
        var ledger = new BudgetLedger(new BudgetLedgerState());
        ledger.Initialise(total);
        return ledger;
    }

    [Fact]
    public void Reserve_commit_and_release_move_flops_between_reserved_spent_and_remaining()
    {
        var ledger = NewLedger(1000);

        Assert.True(ledger.Reserve("a", 300, BudgetCategory.Selection, "bm25").Result.Granted);
        Assert.True(ledger.Reserve("b", 500, BudgetCategory.Training, "bm25").Result.Granted);
        Assert.Equal(800, ledger.ReservedFlops);
        Assert.Equal(200, ledger.RemainingFlops);

        ledger.Commit("a", 250);
        ledger.Release("b");

        Assert.Equal(0, ledger.ReservedFlops);
        Assert.Equal(250, ledger.SpentFlops);
        Assert.Equal(750, ledger.RemainingFlops);
    }

    [Fact]
    public void A_reservation_past_the_total_is_refused_with_a_reason_and_charges_nothing()
    {
        var ledger = NewLedger(1000);
        ledger.Reserve("a", 900, BudgetCategory.Training, "random");

        var (result, changed) = ledger.Reserve("b", 200, BudgetCategory.Selection, "bm25");

        Assert.False(result.Granted);
        Assert.False(changed);
        Assert.Contains("bm25", result.RefusalReason);
        Assert.Contains("1e+2", result.RefusalReason); // the 100 FLOPs that remain
        Assert.Equal(900, ledger.ReservedFlops);
    }

    [Fact]
    public void Repeating_a_reservation_or_a_commit_charges_once()
    {
        var ledger = NewLedger(1000);
        Assert.True(ledger.Reserve("a", 400, BudgetCategory.Training, "random").Changed);
        var again = ledger.Reserve("a", 400, BudgetCategory.Training, "random");
        Assert.True(again.Result.Granted);
        Assert.False(again.Changed);
        Assert.Equal(400, ledger.ReservedFlops);

        Assert.True(ledger.Commit("a", 380));
        Assert.False(ledger.Commit("a", 380));
        Assert.False(ledger.Commit("a", 999)); // the first figure stands
        Assert.Equal(380, ledger.SpentFlops);

        // A reservation id that is already committed is granted without a second charge.
        Assert.False(ledger.Reserve("a", 400, BudgetCategory.Training, "random").Changed);
        Assert.Equal(380, ledger.SpentFlops);
        Assert.Equal(0, ledger.ReservedFlops);
    }

    [Fact]
    public void A_commit_above_its_reservation_is_refused_and_charges_nothing()
    {
        var ledger = NewLedger(1000);
        ledger.Reserve("a", 100, BudgetCategory.Evaluation, "random");
        ledger.Reserve("b", 900, BudgetCategory.Training, "random");

        var error = Assert.Throws<InvalidOperationException>(() => ledger.Commit("a", 150));

        Assert.Contains("'a' reserved 1e+2", error.Message);
        Assert.Equal(0, ledger.SpentFlops);
        Assert.Equal(1000, ledger.ReservedFlops);
        Assert.True(ledger.Commit("a", 100)); // still open, and committable within its reservation
        Assert.Equal(0, ledger.RemainingFlops);
    }

    [Fact]
    public void A_spend_ceiling_above_the_reservation_is_refused_so_an_interruption_cannot_overcharge()
    {
        var ledger = NewLedger(1000);
        ledger.Reserve("a", 400, BudgetCategory.Training, "bm25");
        ledger.Reserve("b", 600, BudgetCategory.Training, "bm25");

        Assert.Throws<InvalidOperationException>(() => ledger.RecordSpendCeiling("a", 700));
        ledger.SettleInterrupted("a");

        Assert.Equal(400, ledger.SpentFlops);
        Assert.Equal(0, ledger.RemainingFlops);
    }

    [Fact]
    public void Reserving_an_id_again_with_another_amount_or_category_is_refused()
    {
        var ledger = NewLedger(1000);
        ledger.Reserve("a", 100, BudgetCategory.Selection, "bm25");

        var bigger = Assert.Throws<InvalidOperationException>(() => ledger.Reserve("a", 5000, BudgetCategory.Selection, "bm25"));
        Assert.Contains("already reserved 1e+2 selection FLOPs", bigger.Message);
        Assert.Throws<InvalidOperationException>(() => ledger.Reserve("a", 100, BudgetCategory.Training, "bm25"));
        ledger.Commit("a", 100);
        Assert.Throws<InvalidOperationException>(() => ledger.Reserve("a", 5000, BudgetCategory.Selection, "bm25"));

        Assert.Equal(100, ledger.SpentFlops);
        Assert.Equal(0, ledger.ReservedFlops);
        Assert.Equal(900, ledger.RemainingFlops);
    }

    [Fact]
    public void Summary_splits_by_category_and_method()
    {
        var ledger = NewLedger(10_000);
        ledger.Reserve("s1", 100, BudgetCategory.Selection, "bm25");
        ledger.Commit("s1", 90);
        ledger.Reserve("t1", 1000, BudgetCategory.Training, "bm25");
        ledger.Reserve("t2", 2000, BudgetCategory.Training, "random");
        ledger.Commit("t2", 1900);
        ledger.Reserve("gone", 500, BudgetCategory.Evaluation, "random");
        ledger.Release("gone");

        var summary = ledger.Summarise();

        Assert.Equal(1000, summary.ReservedFlops);
        Assert.Equal(1990, summary.SpentFlops);
        Assert.Equal(10_000 - 2990, summary.RemainingFlops);
        Assert.Equal(1, summary.OpenReservations);
        Assert.Equal(
            new[] { new BudgetLine("selection", 0, 90), new BudgetLine("training", 1000, 1900) },
            summary.ByCategory);
        Assert.Equal(
            new[] { new BudgetLine("bm25", 1000, 90), new BudgetLine("random", 0, 1900) },
            summary.ByMethod);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_total_that_is_not_a_positive_number_is_a_user_error(double total)
    {
        var ledger = new BudgetLedger(new BudgetLedgerState());
        var error = Assert.Throws<UserInputException>(() => ledger.Initialise(total));
        Assert.Contains("positive number", error.Message);
    }

    [Fact]
    public void Committing_an_unknown_or_released_operation_is_refused()
    {
        var ledger = NewLedger(1000);
        Assert.Throws<InvalidOperationException>(() => ledger.Commit("nope", 1));
        ledger.Reserve("a", 10, BudgetCategory.Training, "random");
        ledger.Release("a");
        Assert.Throws<InvalidOperationException>(() => ledger.Commit("a", 1));
    }
}

public class BudgetLedgerInterruptedWorkTests
{
    private static BudgetLedger NewLedger()
    {
        var ledger = new BudgetLedger(new BudgetLedgerState());
        ledger.Initialise(1000);
        return ledger;
    }

    [Fact]
    public void Interrupted_work_that_never_reported_is_charged_its_whole_reservation_once()
    {
        var ledger = NewLedger();
        ledger.Reserve("train#1", 400, BudgetCategory.Training, "bm25");

        Assert.True(ledger.SettleInterrupted("train#1"));
        Assert.False(ledger.SettleInterrupted("train#1"));
        Assert.False(ledger.SettleInterrupted("never-reserved"));

        Assert.Equal(400, ledger.SpentFlops);
        Assert.Equal(0, ledger.ReservedFlops);
    }

    [Fact]
    public void Interrupted_work_is_charged_its_last_spend_ceiling_and_the_rest_returns_to_the_budget()
    {
        var ledger = NewLedger();
        ledger.Reserve("train#1", 400, BudgetCategory.Training, "bm25");
        ledger.RecordSpendCeiling("train#1", 50);
        ledger.RecordSpendCeiling("train#1", 130);

        ledger.SettleInterrupted("train#1");

        Assert.Equal(130, ledger.SpentFlops);
        Assert.Equal(870, ledger.RemainingFlops);
        Assert.False(ledger.RecordSpendCeiling("train#1", 10)); // settled: the charge stands
        Assert.Equal(130, ledger.SpentFlops);
    }

    [Fact]
    public void A_spend_ceiling_does_not_change_what_a_commit_records()
    {
        var ledger = NewLedger();
        ledger.Reserve("train#1", 400, BudgetCategory.Training, "bm25");
        ledger.RecordSpendCeiling("train#1", 100);
        ledger.Commit("train#1", 390);
        Assert.Equal(390, ledger.SpentFlops);
    }
}
