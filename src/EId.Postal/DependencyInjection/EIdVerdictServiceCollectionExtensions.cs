using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Verdicts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers signed verdicts: the identity server's issuer, and the postal server's verdict intake.</summary>
public static class EIdVerdictServiceCollectionExtensions
{
    /// <summary>
    /// Identity server: a <see cref="VerdictSigner"/> from <see cref="VerdictOptions.SigningKey"/> (required) and the
    /// <see cref="VerdictIssuer"/>. Needs <see cref="SenderIdentityCheck"/> and <see cref="SenderTokenKey"/> (<c>AddEIdPostal</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEIdVerdictSigning(this IServiceCollection services, Action<VerdictOptions>? configure = null)
    {
        AddOptions(services, configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VerdictOptions>, VerdictSigningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<VerdictOptions>>().Value;
            return new VerdictSigner(o.KeyId, o.SigningKey);
        });
        services.TryAddSingleton<VerdictIssuer>();
        return services;
    }

    /// <summary>
    /// Postal server: the <see cref="VerdictVerifier"/> over <see cref="VerdictOptions.TrustedKeys"/>, the
    /// <see cref="VerdictIntake"/> and its <see cref="VerdictEndpoint"/>. Needs the ledger and item policy (<c>AddEIdPostal</c>)
    /// and an <see cref="IVerdictReplayGuard"/> registered by the host (e.g. over the risk package's replay cache).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEIdVerdictIntake(this IServiceCollection services, Action<VerdictOptions>? configure = null)
    {
        AddOptions(services, configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<VerdictOptions>>().Value;
            return new VerdictVerifier(o.TrustedKeys.Select(k => new KeyValuePair<string, byte[]>(k.Key, Convert.FromBase64String(k.Value))));
        });
        services.TryAddSingleton(sp => new VerdictIntake(
            sp.GetRequiredService<VerdictVerifier>(),
            sp.GetRequiredService<IVerdictReplayGuard>(),
            sp.GetRequiredService<IParcelLedgerSet>(),
            sp.GetRequiredService<IItemPolicy>(),
            sp.GetRequiredService<IOptions<VerdictOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<VerdictIntake>>(),
            sp.GetService<EId.Postal.Outcomes.IIntakeOutcomeRecorder>()));
        services.TryAddSingleton(sp => new VerdictEndpoint(sp.GetRequiredService<VerdictIntake>(), sp.GetService<ILogger<VerdictEndpoint>>()));
        return services;
    }

    private static OptionsBuilder<VerdictOptions> AddOptions(IServiceCollection services, Action<VerdictOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VerdictOptions>, VerdictOptionsValidator>());
        var options = services.AddOptions<VerdictOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return options.ValidateOnStart();
    }
}
