using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EId.Demo;
using EId.Issuance;
using EId.Issuance.Remote;
using EId.Server;
using Microsoft.Extensions.DependencyInjection;

// A bounded load test on loopback: starts EId.Server in this process over a fresh demo work folder, then sends full
// issuance requests (citizen 1, the demo's two live frames, a fresh request id and nonce each) from N concurrent kiosks
// and reports throughput and latency percentiles measured at the client. Never leaves 127.0.0.1.
var requests = Option("--requests", 100);
var warmup = Option("--warmup", 10);
var levels = (Arg("--concurrency") ?? "1,2").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var limit = TimeSpan.FromMinutes(Option("--minutes", 10));
if (requests is < 1 or > 10_000 || levels.Any(c => c is < 1 or > 64))
{
    Console.Error.WriteLine("usage: EId.LoadTest [--requests 1..10000] [--warmup n] [--concurrency 1,2] [--minutes 10] [--no-liveness] [--direct] [--work <folder>] [-- <server configuration>]");
    return 2;
}

var folder = Path.GetFullPath(Arg("--work") ?? Path.Combine(Path.GetTempPath(), "eid-loadtest-" + Guid.NewGuid().ToString("N")[..8]));
var workspace = new DemoWorkspace(folder);
CopyRepositorySamples(workspace);
var url = $"http://127.0.0.1:{FreePort()}";
string[] serverArgs =
[
    "--urls", url, $"--EId:Server:WorkFolder={folder}", "--Logging:LogLevel:Default=Warning",
    $"--EId:Server:PassiveLiveness={(!args.Contains("--no-liveness")).ToString(CultureInfo.InvariantCulture)}",
    .. args.SkipWhile(a => a != "--").Skip(1), // server configuration, e.g. -- --EId:Registry:Remote:Enabled=false
];
await using var app = await ServerApp.CreateAsync(serverArgs);
await app.StartAsync();
using var keys = DemoKeys.LoadOrCreate(workspace.KeysFolder);
var document = (await workspace.ReadCardAsync(1)).GetValueOrThrow();
var capture = await new FileCamera(workspace.LiveFrames()).CaptureAsync();
using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(60) };
// --direct calls the server's issuer without the kiosk's HTTP hop (the registry channel stays HTTP): the difference is the front door's cost.
var direct = args.Contains("--direct");
var issuer = direct ? app.Services.GetRequiredService<IIssuer>() : new HttpIssuer(http);
using var deadline = new CancellationTokenSource(limit);

Console.WriteLine($"EId load test: {Environment.ProcessorCount} cores, {RuntimeEnvironment()}, server {url}, work {folder}, {(direct ? "issuer called directly" : "kiosks over HTTP")}");
await RunAsync(1, warmup, record: false);
Console.WriteLine();
Console.WriteLine("| concurrent kiosks | requests | issued | throughput | p50 | p95 | p99 | max |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var concurrency in levels)
{
    await RunAsync(concurrency, requests, record: true);
}

return 0;

async Task RunAsync(int concurrency, int count, bool record)
{
    var latencies = new double[count];
    var issued = 0;
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count && !deadline.IsCancellationRequested)
        {
            var request = keys.KioskRequest(Guid.CreateVersion7().ToString("N"), document, capture);
            var started = Stopwatch.GetTimestamp();
            var outcome = await issuer.IssueAsync(request, cancellationToken: deadline.Token);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.IsIssued)
            {
                Interlocked.Increment(ref issued);
            }
            else if (!record)
            {
                throw new InvalidOperationException($"warm-up request refused: {outcome.Refusal}");
            }
        }
    }));
    total.Stop();
    if (!record)
    {
        return;
    }

    var done = Math.Min(count, next);
    var sorted = latencies.Take(done).Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {concurrency} | {done} | {issued} | {done / total.Elapsed.TotalSeconds:0.0} /s | {Percentile(sorted, 0.50):0.0} ms | {Percentile(sorted, 0.95):0.0} ms | {Percentile(sorted, 0.99):0.0} ms | {sorted[^1]:0.0} ms |"));
}

// Nearest-rank percentile.
static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

// The model build extracts the pinned face-api samples into the repository's .cache; reuse them when present.
static void CopyRepositorySamples(DemoWorkspace workspace)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var source = Path.Combine(dir.FullName, ".cache", "face-api");
        if (Directory.Exists(source))
        {
            workspace.CopySamplesFrom(source);
            return;
        }
    }
}

static string RuntimeEnvironment() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

int Option(string name, int fallback) => int.TryParse(Arg(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
