using EId.Documents;
using EId.Documents.IdCards;
using EId.Documents.Portraits;
using EId.Documents.Simulation;
using EId.Documents.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EId.Documents.</summary>
public static class EIdDocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ID-card reader as <see cref="IDocumentReader"/> (and <see cref="IdCardReader"/>) over a
    /// serial or simulated <see cref="IIdCardTransport"/>, with <see cref="DocumentOptions"/> validated on start.
    /// Register an <see cref="IPortraitDecoder"/> to decode WLT portraits.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEIdDocuments(this IServiceCollection services, Action<DocumentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DocumentOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DocumentOptions>, DocumentOptionsValidator>());
        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdCardTransport>(sp => CreateTransport(sp.GetRequiredService<IOptions<DocumentOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new IdCardReader(
            sp.GetRequiredService<IIdCardTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IPortraitDecoder>(),
            sp.GetService<ILogger<IdCardReader>>()));
        services.TryAddSingleton<IDocumentReader>(sp => sp.GetRequiredService<IdCardReader>());
        return services;
    }

    /// <summary>Adds <see cref="DocumentOptions"/> bound to <paramref name="configuration"/>, then the reader as <see cref="AddEIdDocuments(IServiceCollection, Action{DocumentOptions}?)"/> does.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section of <see cref="DocumentOptions"/> (e.g. <c>EId:Documents</c>).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEIdDocuments(this IServiceCollection services, IConfiguration configuration) =>
        EId.Diagnostics.OptionsChecks.BindEIdOptions<DocumentOptions>(services, configuration).AddEIdDocuments();

    private static IIdCardTransport CreateTransport(DocumentOptions options, TimeProvider timeProvider)
    {
        if (options.ReaderMode == IdCardReaderMode.Serial)
        {
            return new SerialIdCardTransport(options.SerialPortName!, options.BaudRate, options.ToTransportOptions(), timeProvider);
        }

        var device = options.SimulatorFrameFiles.Count > 0
            ? SimulatedIdCardDevice.Replay(options.SimulatorFrameFiles.Select(File.ReadAllBytes))
            : SimulatedIdCardDevice.FromCardFile(options.SimulatorCardFile!);
        return new StreamIdCardTransport(device.OpenStream(), options.ToTransportOptions(), timeProvider, ownsStream: true);
    }
}
