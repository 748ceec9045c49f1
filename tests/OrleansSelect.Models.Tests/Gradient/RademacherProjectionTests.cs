using OrleansSelect.Core;
using OrleansSelect.Models.Gradient;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests.Gradient;

public class RademacherProjectionTests
{
    [Fact]
    public void The_same_seed_makes_the_same_matrix_and_another_seed_another()
    {
        using var scope = NewDisposeScope();
        var a = new RademacherProjection(300, 70, seed: 4).Block(0, 300);
        var b = new RademacherProjection(300, 70, seed: 4).Block(0, 300);
        var c = new RademacherProjection(300, 70, seed: 5).Block(0, 300);
        Assert.True(a.equal(b).all().item<bool>());
        Assert.False(a.equal(c).all().item<bool>());
        // Every entry is ±1/√k.
        Assert.True(a.abs().sub(1 / Math.Sqrt(70)).abs().max().item<float>() < 1e-7);
    }

    [Fact]
    public void Blocks_of_rows_are_the_rows_of_the_whole_matrix_and_project_alike()
    {
        using var scope = NewDisposeScope();
        var whole = new RademacherProjection(300, 70, seed: 9, blockRows: 300);
        var blocked = new RademacherProjection(300, 70, seed: 9, blockRows: 7);
        Assert.True(whole.Block(0, 300).narrow(0, 123, 40).equal(blocked.Block(123, 40)).all().item<bool>());

        manual_seed(1);
        var vectors = randn(5, 300);
        var expected = vectors.matmul(whole.Block(0, 300));
        Assert.True(blocked.Project(vectors).allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.True(whole.Project(vectors).allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void A_projection_keeps_squared_norms_on_average()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var vectors = randn(100, 500);
        var ratios = new List<double>();
        for (var seed = 0; seed < 10; seed++)
        {
            var projected = new RademacherProjection(500, 128, seed, blockRows: 64).Project(vectors);
            ratios.Add((projected.square().sum(1) / vectors.square().sum(1)).mean().item<float>());
        }
        Assert.InRange(ratios.Average(), 0.98, 1.02);
        // One projection to 128 dimensions spreads around 1 by about √(2/128) ≈ 0.125 per vector.
        Assert.All(ratios, r => Assert.InRange(r, 0.9, 1.1));
    }

    [Fact]
    public void A_projection_dimension_below_one_is_one_sentence()
    {
        var error = Assert.Throws<UserInputException>(() => new RademacherProjection(10, 0, seed: 0));
        Assert.Equal("the projection dimension must be at least 1, got 0.", error.Message);
    }
}
