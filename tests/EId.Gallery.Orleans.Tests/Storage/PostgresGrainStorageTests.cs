using EId.Gallery.Orleans.Shards;
using EId.Gallery.Orleans.Storage;
using EId.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace EId.Gallery.Orleans.Tests.Storage;

/// <summary>The PostgreSQL grain storage on its own: concurrent first use, optimistic concurrency, typed failures.</summary>
public sealed class PostgresGrainStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(GalleryShardState).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public async Task Storages_in_several_silos_creating_the_table_at_once_all_succeed_and_see_each_others_writes()
    {
        var postgres = TestPostgres.ConnectionString;
        var table = $"eid_grains_t{Guid.NewGuid():N}"[..40];
        var storages = Enumerable.Range(0, 8).Select(_ => new PostgresGrainStorage(postgres, table, Serializer, NullLogger<PostgresGrainStorage>.Instance)).ToArray();
        try
        {
            // Eight pools, one first call each, released together: the race that CREATE TABLE IF NOT EXISTS alone loses.
            using var start = new ManualResetEventSlim();
            var writes = storages.Select((storage, i) => Task.Run(async () =>
            {
                start.Wait(TestContext.Current.CancellationToken);
                await storage.WriteStateAsync("shard", Shard(i), State(i));
            })).ToArray();
            start.Set();
            await Task.WhenAll(writes);

            for (var i = 0; i < storages.Length; i++)
            {
                var read = new GrainState<GalleryShardState>();
                await storages[(i + 1) % storages.Length].ReadStateAsync("shard", Shard(i), read);
                Assert.True(read.RecordExists);
                Assert.Equal([(byte)i], read.State!.File);
            }
        }
        finally
        {
            foreach (var storage in storages)
            {
                storage.Dispose();
            }

            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_write_on_a_stale_etag_is_an_inconsistent_state_and_leaves_the_newer_state()
    {
        var postgres = TestPostgres.ConnectionString;
        var table = $"eid_grains_t{Guid.NewGuid():N}"[..40];
        using var storage = new PostgresGrainStorage(postgres, table, Serializer, NullLogger<PostgresGrainStorage>.Instance);
        try
        {
            var first = State(1);
            await storage.WriteStateAsync("shard", Shard(1), first);
            var stale = new GrainState<GalleryShardState> { State = first.State, ETag = first.ETag, RecordExists = true };
            first.State = new GalleryShardState { File = [2] };
            await storage.WriteStateAsync("shard", Shard(1), first);

            stale.State = new GalleryShardState { File = [3] };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("shard", Shard(1), stale));
            var read = new GrainState<GalleryShardState>();
            await storage.ReadStateAsync("shard", Shard(1), read);
            Assert.Equal([(byte)2], read.State!.File);

            await storage.ClearStateAsync("shard", Shard(1), read);
            var cleared = new GrainState<GalleryShardState>();
            await storage.ReadStateAsync("shard", Shard(1), cleared);
            Assert.False(cleared.RecordExists);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_unreachable_database_is_a_serialisable_grain_storage_exception_not_the_drivers_own()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        using var storage = new PostgresGrainStorage("Host=127.0.0.1;Port=1;Timeout=3;Pooling=false", "eid_grains", Serializer, NullLogger<PostgresGrainStorage>.Instance);

        var thrown = await Assert.ThrowsAsync<GrainStorageException>(() => storage.ReadStateAsync("shard", Shard(7), new GrainState<GalleryShardState>()));

        Assert.Null(thrown.SqlState);
        Assert.Contains("read", thrown.Message, StringComparison.Ordinal);
        var copy = Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(thrown));
        Assert.IsType<GrainStorageException>(copy);
        Assert.Equal(thrown.Message, copy.Message);
    }

    private static GrainId Shard(int number) => GrainId.Create("galleryshard", number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static GrainState<GalleryShardState> State(int marker) => new() { State = new GalleryShardState { File = [(byte)marker] } };
}
