using OrleansSelect.Abstractions;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>Shows the progress that long grain jobs report, one bar per stage, with rates.</summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string title, Func<Action<string, JobProgress>, Task<T>> work)
    {
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                void Report(string stage, JobProgress p)
                {
                    if (!bars.TryGetValue(stage, out var bar))
                        bars[stage] = bar = context.AddTask(Markup.Escape($"{title} {stage}"), maxValue: 1);
                    bar.MaxValue = Math.Max(1, p.Total);
                    bar.Value = p.Phase == "done" ? bar.MaxValue : p.Done;
                    bar.Description = Markup.Escape($"{title} {stage}: {p.Phase} {p.Detail}".TrimEnd());
                }
                return await work(Report);
            });
    }
}
