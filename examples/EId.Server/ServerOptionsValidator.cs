using EId.Diagnostics;

namespace EId.Server;

/// <summary>Reports every problem of <see cref="ServerOptions"/> at start-up.</summary>
internal sealed class ServerOptionsValidator : OptionsValidator<ServerOptions>
{
    protected override void Collect(ServerOptions options, List<string> problems)
    {
        if (options.MaxParcelRequestBytes <= 0)
        {
            problems.Add("MaxParcelRequestBytes must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.ParcelAction))
        {
            problems.Add("ParcelAction is required.");
        }
    }
}
