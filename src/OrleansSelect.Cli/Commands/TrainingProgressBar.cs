using OrleansSelect.Models;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>A progress bar for a training run that shows the step, loss and tokens per second.</summary>
public static class TrainingProgressBar
{
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(title), maxValue: 1);
                var progress = new Reporter(p =>
                {
                    bar.MaxValue = Math.Max(1, p.TotalSteps);
                    bar.Value = p.Step;
                    bar.Description = Markup.Escape($"{title}  step {p.Step}/{p.TotalSteps}  loss {p.Loss:F3}  {p.TokensPerSecond:N0} tok/s");
                });
                var result = await Task.Run(() => work(progress));
                bar.Value = bar.MaxValue;
                return result;
            });
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
