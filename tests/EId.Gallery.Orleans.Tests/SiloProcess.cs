using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EId.Gallery.Orleans.Tests;

/// <summary>One examples/EId.GallerySilo process on loopback, stopped by closing its stdin.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public static async Task<SiloProcess> StartAsync(string postgres, string table, string clusterId, int? primaryPort, CancellationToken cancellationToken, string clustering = "localhost")
    {
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "EId.GallerySilo.dll"),
            "--table", table, "--cluster-id", clusterId, "--clustering", clustering,
            "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--primary-port", $"{primaryPort ?? siloPort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The connection string goes by environment, not the command line other users can read.
        start.Environment["EID_GALLERY_POSTGRES"] = postgres;
        var process = Process.Start(start)!;
        var silo = new SiloProcess(process, siloPort, gatewayPort);
        process.ErrorDataReceived += (_, e) => { lock (silo._output) { silo._output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("READY", StringComparison.Ordinal))
                {
                    return silo;
                }

                lock (silo._output)
                {
                    silo._output.AppendLine(line);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var log = silo.Log;
        await silo.DisposeAsync();
        throw new InvalidOperationException($"The silo process did not start:\n{log}");
    }

    public string Log
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
