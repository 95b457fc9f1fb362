using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Emitting;

/// <summary>Picks the emitter for a service and names the generated file.</summary>
internal static class ClientEmitter
{
    /// <summary>The class (and its interface, unless <paramref name="withInterface"/> is false) in one file.</summary>
    public static GeneratedSource Emit(TypedService typed, bool withInterface = true)
    {
        var service = typed.Service;
        string text = service.Kind == ServiceKind.Api
            ? ApiClientEmitter.Emit(typed, withInterface)
            : ExchangeClientEmitter.Emit(typed, withInterface);
        return new GeneratedSource(service.ClassName + ".g.cs", text);
    }
}
