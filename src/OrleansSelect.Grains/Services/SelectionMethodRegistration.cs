using Microsoft.Extensions.DependencyInjection;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Scoring.Dsir;
using OrleansSelect.Models;
using OrleansSelect.Models.Embedding;
using OrleansSelect.Models.Gradient;
using OrleansSelect.Models.Perplexity;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// The silo's selection methods, registered as services: a method is one class and one line here.
/// The lexical methods live in Core; the model-based ones beside their models.
/// </summary>
public static class SelectionMethodRegistration
{
    public static IServiceCollection AddSelectionMethods(this IServiceCollection services)
    {
        services.AddSingleton<ISelectionMethod, RandomScorer>();
        services.AddSingleton<ISelectionMethod>(new Bm25Scorer());
        services.AddSingleton<ISelectionMethod>(new DsirMethod());
        services.AddSingleton<ISelectionMethod>(new EmbedMethod(EmbedMethod.MiniLm));
        services.AddSingleton<ISelectionMethod>(sp => new SelectorEmbedMethod(TorchCompute(sp)));
        services.AddSingleton<ISelectionMethod>(sp => new PerplexityMethod(TorchCompute(sp)));
        services.AddSingleton<ISelectionMethod>(sp => new PerplexityMidMethod(TorchCompute(sp)));
        services.AddSingleton<ISelectionMethod>(sp => new GradientMethod(new GradientSettings(), () => TorchCompute(sp)));
        services.AddSingleton<SelectionMethods>();
        return services;
    }

    /// <summary>How a model-based method runs torch: the silo's compute, or the defaults outside a silo (help, input checks).</summary>
    private static ComputeOptions TorchCompute(IServiceProvider services) =>
        services.GetService<SiloComputeOptions>()?.ForTorch() ?? new ComputeOptions();

    /// <summary>The same methods outside a silo: for checking a command's method before starting one, and for its help.</summary>
    public static SelectionMethods BuiltIn() =>
        new ServiceCollection().AddSelectionMethods().BuildServiceProvider().GetRequiredService<SelectionMethods>();
}
