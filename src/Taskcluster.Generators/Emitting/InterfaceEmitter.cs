using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Emitting;

/// <summary>
/// What the API and exchange emitters share about a client's interface: its name and its documentation. The members
/// themselves are written by each emitter, from the same parameter lists it uses for the class.
/// </summary>
internal static class InterfaceEmitter
{
    /// <summary>The interface's name: <c>I</c> and the class name (<c>IQueue</c>, <c>IQueueEvents</c>).</summary>
    public static string Name(string className) => "I" + className;

    /// <inheritdoc cref="Name(string)"/>
    public static string Name(ServiceModel service) => Name(service.ClassName);

    /// <summary>The interface's fully qualified name, for the class's base list.</summary>
    public static string QualifiedName(ServiceModel service) => "global::" + service.Namespace + "." + Name(service);

    /// <summary>The interface's summary and remarks.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="service">The service whose class implements the interface.</param>
    /// <param name="what">What the members are, in a few words ("calls", "bindings").</param>
    public static void WriteDocs(SourceWriter w, ServiceModel service, string what)
    {
        string cref = "<see cref=\"global::" + service.Namespace + "." + service.ClassName + "\"/>";
        w.Doc("<summary>The " + what + " of " + cref + ", as an interface, so code that uses the client can be tested with a fake.</summary>");
        w.Doc("<remarks>");
        w.Doc("<para>Generated beside the class, which implements it; each member's documentation is the class member's."
            + " The interface is partial, so hand-written members of the class can join it.</para>");
        w.Doc("</remarks>");
    }
}
