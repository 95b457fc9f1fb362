using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Emitting;

/// <summary>Picks the emitter for a service and names the generated file.</summary>
internal static class ClientEmitter
{
    public static GeneratedSource Emit(ServiceModel service)
    {
        string text = service.Kind == ServiceKind.Api
            ? ApiClientEmitter.Emit(service)
            : ExchangeClientEmitter.Emit(service);
        return new GeneratedSource(service.ClassName + ".g.cs", text);
    }
}
