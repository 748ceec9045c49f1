using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Budget;
using Orleans.TestingHost;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Configures each test silo exactly as the embedded mode does, on the SQLite file the test names,
/// with its storage and ledger store wrapped so a test can make writes fail (<see cref="FailingGrainStorage"/>).
/// </summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public const string DatabaseKey = "OrleansSelectTests:Database";
    public const string MergeFanOutKey = "OrleansSelectTests:MergeFanOut";
    public const string ScoringBatchKey = "OrleansSelectTests:ScoringBatchExamples";
    public const string SelectionPartRowsKey = "OrleansSelectTests:SelectionPartRows";

    /// <summary>Often, so a test's short training runs have resume checkpoints to come back to.</summary>
    public const int CheckpointEverySteps = 8;

    public void Configure(ISiloBuilder silo)
    {
        var database = silo.Configuration[DatabaseKey] ?? throw new InvalidOperationException("the test cluster has no database path");
        var connectionString = EmbeddedSilo.ConnectionStringFor(database);
        SqliteGrainStorageSchema.Apply(connectionString);
        silo.AddOrleansSelect(SqliteGrainStorageSchema.Invariant, connectionString,
            new SiloComputeOptions
            {
                Precision = Models.Precision.Fp32, Cores = 2,
                // Prepared artifacts beside the test's database, so no test finds another's (or an earlier run's).
                ModelDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "models"),
                CheckpointEverySteps = CheckpointEverySteps,
                MergeFanOut = int.TryParse(silo.Configuration[MergeFanOutKey], out var fanOut) ? fanOut : Core.Selection.MergeTree.DefaultFanOut,
                ScoringBatchExamples = int.TryParse(silo.Configuration[ScoringBatchKey], out var batch) ? batch : SiloComputeOptions.DefaultScoringBatchExamples,
                SelectionPartRows = int.TryParse(silo.Configuration[SelectionPartRowsKey], out var partRows) ? partRows : Core.Selection.SelectionFile.DefaultPartRows,
            });
        silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedWarnings>();
        // Registered last, so this is the storage every grain of the provider's name resolves.
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default,
            (services, name) => new FailingGrainStorage(AdoNetGrainStorageFactory.Create(services, (string)name!)));
        silo.Services.AddSingleton<IBudgetLedgerStore>(services => new FailingBudgetLedgerStore(services.GetRequiredService<SqlBudgetLedgerStore>()));
    }
}
