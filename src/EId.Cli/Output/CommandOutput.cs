using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EId.Cli.Output;

/// <summary>
/// Where and how a verb writes its result: human-readable text by default, one JSON document with
/// <c>--json</c>. Every verb reports through this so that output and exit codes stay uniform.
/// </summary>
public sealed class CommandOutput
{
    /// <summary>The name of the global option that switches output to JSON.</summary>
    public const string JsonOptionName = "--json";

    /// <summary>JSON settings for machine output: camelCase, enums as strings, nulls omitted, CJK text unescaped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private CommandOutput(bool json, TextWriter output, TextWriter error)
    {
        IsJson = json;
        Out = output;
        Error = error;
    }

    /// <summary>True when the caller asked for JSON.</summary>
    public bool IsJson { get; }

    /// <summary>Standard output (injected by <see cref="CliRunner"/>; a <see cref="StringWriter"/> in tests).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Creates the recursive <c>--json</c> option the root command carries.</summary>
    /// <returns>A new option.</returns>
    public static Option<bool> CreateJsonOption() => new(JsonOptionName)
    {
        Description = "Write one JSON document instead of text.",
        Recursive = true,
    };

    /// <summary>The output of the command being invoked.</summary>
    /// <param name="parseResult">The parse result handed to the verb's action.</param>
    /// <returns>The output settings for this invocation.</returns>
    public static CommandOutput From(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var json = parseResult.GetValue<bool>(JsonOptionName);
        var config = parseResult.InvocationConfiguration;
        return new CommandOutput(json, config.Output, config.Error);
    }

    /// <summary>Writes <paramref name="result"/> as JSON or through <paramref name="human"/>, and returns <paramref name="exitCode"/>.</summary>
    /// <typeparam name="T">The result model (serialised as is for <c>--json</c>).</typeparam>
    /// <param name="exitCode">The exit code to return (<see cref="ExitCodes"/>).</param>
    /// <param name="result">The result model.</param>
    /// <param name="human">Writes the result for people.</param>
    /// <returns><paramref name="exitCode"/>.</returns>
    public int Report<T>(int exitCode, T result, Action<TextWriter, T> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (IsJson)
        {
            Out.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
        }
        else
        {
            human(Out, result);
        }

        return exitCode;
    }

    /// <summary>
    /// Reports an input file or folder that is missing or cannot be read as one <c>error:</c> line and returns
    /// <see cref="ExitCodes.EnvironmentError"/> (3), as a file that fails while the verb runs does.
    /// </summary>
    /// <param name="message">What is missing or unreadable (names the path, never personal data).</param>
    /// <returns><see cref="ExitCodes.EnvironmentError"/>.</returns>
    public int EnvironmentError(string message)
    {
        if (IsJson)
        {
            Out.WriteLine(JsonSerializer.Serialize(new { error = "environment", message }, JsonOptions));
        }

        Error.WriteLine("error: " + message);
        return ExitCodes.EnvironmentError;
    }

    /// <summary>Reports a usage problem found by a verb (e.g. a malformed argument) and returns <see cref="ExitCodes.UsageError"/>.</summary>
    /// <param name="message">What is wrong with the command line.</param>
    /// <returns><see cref="ExitCodes.UsageError"/>.</returns>
    public int UsageError(string message)
    {
        if (IsJson)
        {
            Out.WriteLine(JsonSerializer.Serialize(new { error = "usage", message }, JsonOptions));
        }

        Error.WriteLine(message);
        return ExitCodes.UsageError;
    }
}
