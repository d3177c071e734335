using EId.Faces;
using EId.Gallery.Orleans.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Hosting;
using static EId.Gallery.Orleans.Tests.Vectors;

namespace EId.Gallery.Orleans.Tests;

/// <summary>
/// Two silo processes (examples/EId.GallerySilo) on loopback with the shards in the loopback PostgreSQL; a client in this
/// process. Then both stop and a fresh process serves the same answers from storage.
/// </summary>
public sealed class SeparateProcessTests
{
    private static string Postgres
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }

    [Fact]
    public async Task Two_silo_processes_give_the_single_gallery_top_k_and_a_restarted_silo_reloads_the_shards()
    {
        var postgres = Postgres;
        var ct = TestContext.Current.CancellationToken;
        var table = $"eid_gallery_t{Guid.NewGuid():N}"[..40];
        var vectors = Unit(330, 64, 77);
        using var single = Single(64);
        foreach (var (id, template) in Entries(vectors[..300]))
        {
            single.Add(id, template);
        }

        var probes = vectors[300..].Select(Template).ToArray();
        try
        {
            var clusterId = $"c{Guid.NewGuid():N}";
            await using (var first = await SiloProcess.StartAsync(postgres, table, clusterId, null, ct))
            await using (var second = await SiloProcess.StartAsync(postgres, table, clusterId, first.SiloPort, ct))
            {
                using var client = await ClientAsync(clusterId, [first.GatewayPort, second.GatewayPort], ct);
                using var gallery = Gallery(client);
                await gallery.AddRangeAsync(Entries(vectors[..300]), ct);
                foreach (var probe in probes)
                {
                    AssertSameHits(single.Search(probe, 10), await gallery.SearchAsync(probe, 10, ct));
                }

                // Placement uses activation counts the silos publish every few seconds: a burst right after the second silo
                // joined can land on one silo. Re-placing (deactivate, reload from PostgreSQL) must then reach both processes.
                var silos = 0;
                for (var attempt = 0; attempt < 6 && silos < 2; attempt++)
                {
                    if (attempt > 0)
                    {
                        var old = (await gallery.PlacementsAsync(ct)).Select(p => p.ActivationId).ToHashSet();
                        await Task.Delay(2000, ct);
                        await gallery.DeactivateShardsAsync(ct);
                        await ShardedSearchTests.WaitForNewActivations(gallery, old);
                    }

                    silos = (await gallery.PlacementsAsync(ct)).Select(p => p.Silo).Distinct().Count();
                }

                Assert.Equal(2, silos);
                foreach (var probe in probes)
                {
                    AssertSameHits(single.Search(probe, 10), await gallery.SearchAsync(probe, 10, ct));
                }

                await client.StopAsync(ct);
            }

            // Both processes are gone; a new one (a new cluster) reloads every shard from PostgreSQL.
            var restartedCluster = $"c{Guid.NewGuid():N}";
            await using var restarted = await SiloProcess.StartAsync(postgres, table, restartedCluster, null, ct);
            using var again = await ClientAsync(restartedCluster, [restarted.GatewayPort], ct);
            using var reloaded = Gallery(again);
            Assert.Equal(300, await reloaded.CountAsync(ct));
            foreach (var probe in probes)
            {
                AssertSameHits(single.Search(probe, 10), await reloaded.SearchAsync(probe, 10, ct));
            }

            await again.StopAsync(ct);
        }
        finally
        {
            await DropAsync(postgres, table);
        }
    }

    [Fact]
    public async Task Two_silo_processes_with_ADO_NET_clustering_on_PostgreSQL_give_the_single_gallery_top_k()
    {
        var postgres = Postgres;
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync(ct);
            await using var probe = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL AND to_regclass('orleansmembershiptable') IS NOT NULL", connection);
            Assert.SkipUnless(
                (bool)(await probe.ExecuteScalarAsync(ct))!,
                "The Orleans ADO.NET clustering schema is not installed in EID_TEST_POSTGRES: Microsoft.Orleans.Clustering.AdoNet 10.4.2 ships no SQL scripts to load (they live in the Orleans source repository).");
        }

        var table = $"eid_gallery_t{Guid.NewGuid():N}"[..40];
        var clusterId = $"c{Guid.NewGuid():N}";
        var vectors = Unit(110, 64, 78);
        using var single = Single(64);
        foreach (var (id, template) in Entries(vectors[..100]))
        {
            single.Add(id, template);
        }

        try
        {
            await using var first = await SiloProcess.StartAsync(postgres, table, clusterId, null, ct, "adonet");
            await using var second = await SiloProcess.StartAsync(postgres, table, clusterId, null, ct, "adonet");
            var host = new HostBuilder()
                .UseOrleansClient(client => client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres))
                    .Configure<global::Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "eid-gallery")))
                .Build();
            await host.StartAsync(ct);
            using var client = host;
            using var gallery = Gallery(client);
            await gallery.AddRangeAsync(Entries(vectors[..100]), ct);
            foreach (var probe in vectors[100..].Select(Template))
            {
                AssertSameHits(single.Search(probe, 10), await gallery.SearchAsync(probe, 10, ct));
            }

            await client.StopAsync(ct);
        }
        finally
        {
            await DropAsync(postgres, table);
        }
    }

    private static async Task DropAsync(string postgres, string table)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static OrleansFaceGallery Gallery(IHost client) => new(
        client.Services.GetRequiredService<IClusterClient>(),
        Options.Create(new OrleansGalleryOptions { GalleryName = "watchlist", ModelId = Model, Dimension = 64, ShardCount = 16 }),
        NullLogger<OrleansFaceGallery>.Instance);

    private static async Task<IHost> ClientAsync(string clusterId, int[] gateways, CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client.UseLocalhostClustering(gateways, "eid-gallery", clusterId))
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
