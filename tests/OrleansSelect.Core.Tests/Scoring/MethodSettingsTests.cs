using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class MethodSettingsTests
{
    [Fact]
    public void Equal_settings_given_in_any_order_have_one_canonical_text_that_reads_back()
    {
        var a = MethodSettings.Of(("warmup-epochs", 2), ("projection-dim", 512), ("warmup-fraction", (double?)null));
        var b = MethodSettings.Parse("warmup-epochs=2;projection-dim=512");

        Assert.Equal("projection-dim=512;warmup-epochs=2", a.Canonical);
        Assert.Equal(a.Canonical, b.Canonical);
        Assert.Equal(2, b.Int("warmup-epochs"));
        Assert.Null(b.Double("warmup-fraction"));
        Assert.True(MethodSettings.Parse("").IsEmpty);
        Assert.Equal(0.05, MethodSettings.Of(("warmup-fraction", 0.05)).Double("warmup-fraction")); // invariant culture, round trip
    }

    [Fact]
    public void A_setting_the_method_does_not_read_is_one_sentence()
    {
        var given = MethodSettings.Parse("warmup-epochs=2");

        Assert.Equal("method 'bm25' has no settings; --warmup-epochs is not one of its options.",
            Assert.Throws<UserInputException>(() => given.RequireOnly("bm25", [])).Message);
        Assert.Equal("method 'x' has no setting --warmup-epochs; its settings are --a, --b.",
            Assert.Throws<UserInputException>(() => given.RequireOnly("x", ["a", "b"])).Message);
        given.RequireOnly("gradient", ["warmup-epochs"]);
        Assert.Equal("--warmup-epochs must be a number, got 'two'.",
            Assert.Throws<UserInputException>(() => MethodSettings.Parse("warmup-epochs=two").Int("warmup-epochs")).Message);
    }

    [Fact]
    public void A_registered_method_without_settings_refuses_them_and_is_itself_without()
    {
        var methods = new SelectionMethods([new RandomScorer()]);

        Assert.Same(methods.Get("random"), methods.Get("random", settings: ""));
        Assert.Contains("method 'random' has no settings",
            Assert.Throws<UserInputException>(() => methods.Get("random", settings: "warmup-epochs=2")).Message);
    }
}
