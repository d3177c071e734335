using System.CommandLine;
using EId.Cli.Output;

namespace EId.Cli;

/// <summary>Parses and runs an <c>eid</c> command line with injected output streams, mapping parse errors to exit code 2.</summary>
public static class CliRunner
{
    /// <summary>Creates an empty root command carrying the global <c>--json</c> option.</summary>
    /// <param name="description">The tool's description for help.</param>
    /// <returns>The root command, to which verb groups are added.</returns>
    public static RootCommand CreateRoot(string description)
    {
        var root = new RootCommand(description);
        root.Add(CommandOutput.CreateJsonOption());
        return root;
    }

    /// <summary>Runs <paramref name="args"/> against <paramref name="root"/>.</summary>
    /// <param name="root">The root command (see <see cref="Program.BuildRootCommand"/>).</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the verb.</param>
    /// <returns>The verb's exit code, <see cref="ExitCodes.UsageError"/> when the command line does not parse, or
    /// <see cref="ExitCodes.EnvironmentError"/> when a file or database failed the verb.</returns>
    public static async Task<int> RunAsync(RootCommand root, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var parseResult = root.Parse(args);
        // Broken environments get one clear line and their own exit code below, not System.CommandLine's stack dump.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'eid --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // Messages of these exceptions name files, hosts and SQL states, never the personal data a verb was given.
            await error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.EnvironmentError;
        }
    }
}
