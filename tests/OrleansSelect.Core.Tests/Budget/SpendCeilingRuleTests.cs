using OrleansSelect.Core.Budget;

namespace OrleansSelect.Core.Tests.Budget;

public class SpendCeilingRuleTests
{
    [Fact]
    public void TheFirstReportLowersTheCeilingToTheWorkDonePlusHeadroom() =>
        Assert.Equal(10 + 0.05 * 1000, SpendCeilingRule.Next(current: 0, flopsSoFar: 10, step: 10, reserved: 1000));

    [Fact]
    public void ACeilingThatCoversTheNextTwoStepsIsKept() =>
        Assert.Null(SpendCeilingRule.Next(current: 60, flopsSoFar: 20, step: 10, reserved: 1000));

    [Fact]
    public void TheCeilingNeverPassesTheReservation() =>
        Assert.Equal(1000, SpendCeilingRule.Next(current: 960, flopsSoFar: 990, step: 400, reserved: 1000));
}
