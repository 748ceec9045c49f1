using System.Data;
using System.Data.Common;
using System.Text;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Silo.Storage;

/// <summary>
/// Budgets' ledgers as rows of the silo's database, SQLite or PostgreSQL (the same SQL serves both):
/// one row per budget with its total and a version, one per operation. A write upserts only the
/// operations that changed and bumps the version where it is still the writer's, in one transaction,
/// so a batch of reservations is all stored or none is, and a second activation's write is refused.
/// Rows are keyed by the cluster's service id, as grain state is, so clusters sharing a database
/// keep apart. Each write is counted with the grain-state writes (as "LedgerRows", by the bytes of
/// its values), so metrics and `bench scale` show what the ledger costs to keep.
/// </summary>
public sealed class SqlBudgetLedgerStore(string invariant, string connectionString, string serviceId) : IBudgetLedgerStore
{
    public const string MetricName = "LedgerRows";

    /// <summary>Rows per INSERT: 7 parameters each (plus the 2 shared) stays far below either database's limit.</summary>
    private const int RowsPerStatement = 200;

    private const string OperationColumns = "operation_id, category, method, reserved_flops, spent_flops, spend_ceiling_flops, status";

    // Microsoft.Data.Sqlite's async calls run synchronously: on the thread pool, they do not hold the
    // grain's scheduler thread (and the budget's other calls) for a write's fsync or a busy lock.
    public Task<StoredLedger?> ReadAsync(string budget) => Reported("a read", budget, () => ReadCoreAsync(budget));

    public Task<long> WriteAsync(string budget, long expectedVersion, double totalFlops, IReadOnlyCollection<LedgerOperation> changed) =>
        Reported("a write", budget, () => WriteCoreAsync(budget, expectedVersion, totalFlops, changed));

    /// <summary>
    /// Runs a call on the thread pool, and reports a database error as Orleans' grain storage reports
    /// its own: an OrleansException with the driver's error and SQLSTATE in its text, which is what
    /// reaches a caller on another silo. So a database restart is waited out (SiloLossRetry) and
    /// told to the user in one sentence, whichever store failed.
    /// </summary>
    private static async Task<T> Reported<T>(string what, string budget, Func<Task<T>> call)
    {
        try
        {
            return await Task.Run(call);
        }
        catch (DbException e)
        {
            throw new OrleansException($"Error from the budget ledger store during {what} of budget '{budget}': {e.GetType().FullName}: {e.Message}", e);
        }
    }

    private async Task<StoredLedger?> ReadCoreAsync(string budget)
    {
        await using var connection = StorageDatabase.Connect(invariant, connectionString);
        await connection.OpenAsync();
        // One snapshot: the version and the rows it covers, even while another activation writes.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using var header = Command(connection, transaction, """
            SELECT total_flops, version FROM orleansselect_budget_ledger WHERE service_id = @service AND budget = @budget
            """, budget);
        double total;
        long version;
        await using (var reader = await header.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
                return null;
            (total, version) = (reader.GetDouble(0), reader.GetInt64(1));
        }

        var state = new BudgetLedgerState { TotalFlops = total };
        await using var rows = Command(connection, transaction, $"""
            SELECT {OperationColumns} FROM orleansselect_ledger_operation WHERE service_id = @service AND budget = @budget
            """, budget);
        await using (var reader = await rows.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var operation = new LedgerOperation
                {
                    OperationId = reader.GetString(0),
                    Category = Enum.Parse<BudgetCategory>(reader.GetString(1)),
                    Method = reader.GetString(2),
                    ReservedFlops = reader.GetDouble(3),
                    SpentFlops = reader.GetDouble(4),
                    SpendCeilingFlops = reader.GetDouble(5),
                    Status = Enum.Parse<OperationStatus>(reader.GetString(6)),
                };
                state.Operations[operation.OperationId] = operation;
            }
        return new StoredLedger(state, version);
    }

    private async Task<long> WriteCoreAsync(string budget, long expectedVersion, double totalFlops, IReadOnlyCollection<LedgerOperation> changed)
    {
        await using var connection = StorageDatabase.Connect(invariant, connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // The version row first: a writer that lost it writes nothing.
        await using (var header = Command(connection, transaction, expectedVersion == 0
            ? """
              INSERT INTO orleansselect_budget_ledger (service_id, budget, total_flops, version) VALUES (@service, @budget, @total, 1)
              ON CONFLICT (service_id, budget) DO NOTHING
              """
            : """
              UPDATE orleansselect_budget_ledger SET total_flops = @total, version = version + 1
              WHERE service_id = @service AND budget = @budget AND version = @version
              """, budget))
        {
            Add(header, "total", totalFlops);
            if (expectedVersion != 0)
                Add(header, "version", expectedVersion);
            if (await header.ExecuteNonQueryAsync() != 1)
                throw new InconsistentStateException(
                    $"the ledger of budget '{budget}' was written by another activation since version {expectedVersion}; this one is dropped and the next call reads it again");
        }

        foreach (var chunk in changed.Chunk(RowsPerStatement))
        {
            await using var upsert = Command(connection, transaction, Upsert(chunk.Length), budget);
            for (int i = 0; i < chunk.Length; i++)
            {
                var op = chunk[i];
                Add(upsert, $"o{i}", op.OperationId);
                Add(upsert, $"c{i}", op.Category.ToString());
                Add(upsert, $"m{i}", op.Method ?? "");
                Add(upsert, $"r{i}", op.ReservedFlops);
                Add(upsert, $"p{i}", op.SpentFlops);
                Add(upsert, $"x{i}", op.SpendCeilingFlops);
                Add(upsert, $"s{i}", op.Status.ToString());
            }
            await upsert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        SelectMetrics.StateWritten(MetricName, BytesOf(budget, changed));
        return expectedVersion + 1;
    }

    /// <summary>What a write is counted as: the bytes of the values it sends (the version row's and each changed operation's).</summary>
    public static long BytesOf(string budget, IEnumerable<LedgerOperation> changed) =>
        Encoding.UTF8.GetByteCount(budget) + 2 * sizeof(long) + changed.Sum(op =>
            Encoding.UTF8.GetByteCount(op.OperationId) + Encoding.UTF8.GetByteCount(op.Method ?? "")
            + op.Category.ToString().Length + op.Status.ToString().Length + 3 * sizeof(double));

    private static string Upsert(int rows) => $"""
        INSERT INTO orleansselect_ledger_operation (service_id, budget, {OperationColumns})
        VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@service, @budget, @o{i}, @c{i}, @m{i}, @r{i}, @p{i}, @x{i}, @s{i})"))}
        ON CONFLICT (service_id, budget, operation_id) DO UPDATE SET
            category = excluded.category, method = excluded.method, reserved_flops = excluded.reserved_flops,
            spent_flops = excluded.spent_flops, spend_ceiling_flops = excluded.spend_ceiling_flops, status = excluded.status
        """;

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string budget)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "service", serviceId);
        Add(command, "budget", budget);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        parameter.DbType = value switch
        {
            double => DbType.Double,
            long => DbType.Int64,
            _ => DbType.String,
        };
        command.Parameters.Add(parameter);
    }
}
