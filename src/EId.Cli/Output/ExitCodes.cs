namespace EId.Cli.Output;

/// <summary>The exit codes every <c>eid</c> verb uses.</summary>
public static class ExitCodes
{
    /// <summary>The input was checked and is valid (or the command simply succeeded).</summary>
    public const int Valid = 0;

    /// <summary>The input was checked and is invalid (bad checksum, bad frame, failed verification…).</summary>
    public const int Invalid = 1;

    /// <summary>The command line itself is wrong (unknown verb, missing or malformed argument…).</summary>
    public const int UsageError = 2;

    /// <summary>
    /// The environment failed the command: an input file or folder is missing or cannot be read, a file could not be
    /// written, a database could not be reached or is not a ledger. The message names the cause; no stack trace.
    /// </summary>
    public const int EnvironmentError = 3;

    /// <summary>The command was cancelled (Ctrl+C), as shells report an interrupted program.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit codes as the root command's help lists them.</summary>
    public const string HelpText = "Exit codes: 0 valid, 1 invalid input, 2 usage error, 3 environment error (missing or unreadable file, unreachable or non-ledger database), 130 cancelled.";
}
