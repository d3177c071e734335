using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

// One silo of the sharded gallery. Arguments (all --name value):
//   --postgres <connection string>   shard storage (required; also the membership table for --clustering adonet)
//   --table <name>                   shard table (default eid_gallery_shards)
//   --clustering localhost|adonet    localhost: silos on one machine find the primary silo (--primary-port);
//                                    adonet: Orleans' ADO.NET membership on PostgreSQL (the Orleans schema must be installed)
//   --silo-port <n> --gateway-port <n> --primary-port <n> --cluster-id <id> --service-id <id>
// Prints "READY <silo address>" on stdout once the silo has joined, and stops on SIGTERM/Ctrl+C or when stdin closes.
var options = ParseArguments(args);
string Get(string name, string? fallback = null) =>
    options.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");
int Port(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var postgres = Get("postgres", Environment.GetEnvironmentVariable("EID_GALLERY_POSTGRES"));
var siloPort = Port("silo-port", 11111);
var gatewayPort = Port("gateway-port", 30000);
var clusterId = Get("cluster-id", "eid-gallery");
var serviceId = Get("service-id", "eid-gallery");
var clustering = Get("clustering", "localhost");

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    if (clustering == "adonet")
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
        silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = postgres;
        });
    }
    else
    {
        var primary = new IPEndPoint(IPAddress.Loopback, Port("primary-port", siloPort));
        silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId, clusterId);
    }

    silo.AddEIdGalleryPostgresStorage(postgres, Get("table", "eid_gallery_shards"));
});

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine($"READY 127.0.0.1:{siloPort}");
Console.Out.Flush();

// The parent process owns the silo's lifetime: a closed stdin (parent gone) stops it as SIGTERM does.
var lifetime = host.Services.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
_ = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is not null)
    {
    }

    lifetime?.StopApplication();
});
await host.WaitForShutdownAsync();

static Dictionary<string, string> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
        }

        result[args[i][2..]] = args[i + 1];
    }

    return result;
}
