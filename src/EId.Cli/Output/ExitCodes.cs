namespace EId.Cli.Output;

/// <summary>The exit codes every <c>eid</c> verb uses.</summary>
public static class ExitCodes
{
    /// <summary>The input was checked and is valid (or the command simply succeeded).</summary>
    public const int Valid = 0;

    /// <summary>The input was checked and is invalid (bad checksum, bad frame, failed verification…).</summary>
    public const int Invalid = 1;

    /// <summary>The command line itself is wrong (unknown verb, missing argument, unreadable file…).</summary>
    public const int UsageError = 2;

    /// <summary>
    /// The environment failed the command: a file could not be read or written, a database could not be reached or is
    /// not a ledger. The message names the cause; no stack trace.
    /// </summary>
    public const int EnvironmentError = 3;

    /// <summary>The command was cancelled (Ctrl+C), as shells report an interrupted program.</summary>
    public const int Cancelled = 130;
}
