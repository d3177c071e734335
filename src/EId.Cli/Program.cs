using System.CommandLine;
using EId.Cli.Commands;
using EId.Cli.Output;

namespace EId.Cli;

/// <summary>The <c>eid</c> tool's entry point and its verb-group registry.</summary>
public static class Program
{
    /// <summary>Runs <c>eid</c> with the console's streams.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 valid, 1 invalid input, 2 usage error, 3 environment error, 130 cancelled (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> Main(string[] args) => CliRunner.RunAsync(BuildRootCommand(), args, Console.Out, Console.Error);

    /// <summary>Builds the root command: one line per verb group, each group a class under <c>Commands/</c>.</summary>
    /// <param name="time">The clock for verbs that record times; the system clock when null (tests pass a fake one).</param>
    /// <returns>A new root command (tests build their own and run it in-process).</returns>
    public static RootCommand BuildRootCommand(TimeProvider? time = null)
    {
        var root = CliRunner.CreateRoot("eid: identity-document, face, credential and ledger checks at the edge.\n" + ExitCodes.HelpText);

        // Verb groups: add one line per group, e.g. root.Add(FaceCommands.Create());
        root.Add(IdCommands.Create());
        root.Add(MrzCommands.Create());
        root.Add(IdCardCommands.Create());
        root.Add(KeyCommands.Create(time));
        root.Add(QrCommands.Create());
        root.Add(FaceCommands.Create());
        LivenessCommands.AttachTo(root);
        root.Add(LedgerCommands.Create());

        return root;
    }
}
