using System.Diagnostics;

namespace EId.Credentials.Tests.Support;

/// <summary>Runs an external program (zbarimg, node, npm) with a timeout; finds it on PATH.</summary>
internal static class ExternalTool
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static (int ExitCode, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutMs = 120_000)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in {timeoutMs} ms.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
