using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

public class TrainingSizeChoiceTests
{
    [Fact]
    public void Parameters_pick_the_size_within_half_again_of_them_and_nothing_else()
    {
        Assert.Equal("small", TrainingSizeChoice.Resolve(null, 4.7e6).Name);
        Assert.Equal("micro", TrainingSizeChoice.Resolve(null, 0.9e6).Name);
        Assert.Equal("large", TrainingSizeChoice.Resolve("large", null).Name);
        Assert.Contains("No model size has about 7e+9 parameters", Assert.Throws<UserInputException>(() => TrainingSizeChoice.Resolve(null, 7e9)).Message);
        Assert.Contains("exactly one of --train-size and --train-params", Assert.Throws<UserInputException>(() => TrainingSizeChoice.Resolve("small", 4.7e6)).Message);
        Assert.Contains("exactly one of", Assert.Throws<UserInputException>(() => TrainingSizeChoice.Resolve(null, null)).Message);
    }
}
