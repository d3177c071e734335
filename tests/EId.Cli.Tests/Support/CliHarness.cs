using EId.Cli;

namespace EId.Cli.Tests.Support;

/// <summary>Runs <c>eid</c> in-process with captured output.</summary>
internal static class CliHarness
{
    public static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunAsync(null, args);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(TimeProvider? time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliRunner.RunAsync(Program.BuildRootCommand(time), args, output, error, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
