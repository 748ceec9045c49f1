using ScottPlot;

namespace OrleansSelect.Silo.Plots;

/// <summary>Every plot of the project is written the same way: PNG and SVG side by side, at one size.</summary>
public static class PlotFiles
{
    public const int Width = 900, Height = 600;

    /// <summary>Writes <paramref name="name"/>.png and .svg into <paramref name="directory"/> (made if missing); returns both paths.</summary>
    public static string[] Save(Plot plot, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var png = Path.Combine(directory, name + ".png");
        var svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
