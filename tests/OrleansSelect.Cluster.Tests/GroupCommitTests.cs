using OrleansSelect.Grains;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The budget's writes: one at a time, later changes share the next write, a failure fails everyone after it.</summary>
public class GroupCommitTests
{
    private sealed class ControlledWrites
    {
        public readonly List<TaskCompletionSource> Started = [];

        public Task Write()
        {
            var write = new TaskCompletionSource();
            Started.Add(write);
            return write.Task;
        }
    }

    [Fact]
    public async Task Changes_made_during_a_write_share_the_next_one_and_each_caller_hears_back_only_when_its_write_is_durable()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit(writes.Write);

        var first = commits.PersistAsync();
        var second = commits.PersistAsync();
        var third = commits.PersistAsync();
        Assert.Single(writes.Started);
        Assert.False(first.IsCompleted || second.IsCompleted || third.IsCompleted);
        var durableNow = commits.DurableAsync();

        writes.Started[0].SetResult();
        await first;
        // The first write began before the second and third changes: they wait for the next write, which is one.
        Assert.False(second.IsCompleted || third.IsCompleted || durableNow.IsCompleted);
        Assert.Equal(2, writes.Started.Count);

        writes.Started[1].SetResult();
        await Task.WhenAll(second, third, durableNow);
        Assert.Equal(2, writes.Started.Count);
        Assert.True(commits.DurableAsync().IsCompleted);

        // Idle again: the next change starts a write of its own at once.
        var fourth = commits.PersistAsync();
        Assert.Equal(3, writes.Started.Count);
        writes.Started[2].SetResult();
        await fourth;
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_those_waiting_for_the_next_and_every_later_one()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit(writes.Write);
        var first = commits.PersistAsync();
        var waiting = commits.PersistAsync();

        writes.Started[0].SetException(new IOException("disk full"));
        Assert.Equal("disk full", (await Assert.ThrowsAsync<IOException>(() => first)).Message);
        await Assert.ThrowsAsync<IOException>(() => waiting);
        await Assert.ThrowsAsync<IOException>(() => commits.PersistAsync());
        await Assert.ThrowsAsync<IOException>(() => commits.DurableAsync());
        Assert.Single(writes.Started);
    }
}
