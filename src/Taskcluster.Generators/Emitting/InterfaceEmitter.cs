using System.Collections.Generic;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Emitting;

/// <summary>One member of a client's interface.</summary>
/// <param name="Cref">The class member that documents it, in cref syntax, relative to the class.</param>
/// <param name="ReturnType">The return type.</param>
/// <param name="Signature">The name, type parameters and parameter list, as the class declares them.</param>
/// <param name="Obsolete">The <c>[Obsolete]</c> attribute of a deprecated entry, or "".</param>
internal sealed record InterfaceMember(string Cref, string ReturnType, string Signature, string Obsolete);

/// <summary>
/// Writes a client's interface and its fake base (a class in the <c>Testing</c> namespace implementing every member
/// as a virtual method that throws), from the members each emitter lists with the parameter lists of the class.
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

    /// <summary>The namespace of the fake bases: the client's namespace plus <c>.Testing</c>.</summary>
    public static string TestingNamespace(ServiceModel service) => service.Namespace + ".Testing";

    /// <summary>The fake base's name: <c>FakeQueueBase</c>.</summary>
    public static string FakeBaseName(ServiceModel service) => "Fake" + service.ClassName + "Base";

    /// <summary>The interface; each member's documentation is inherited from the class member (checked by the compiler).</summary>
    public static void WriteInterface(SourceWriter w, ServiceModel service, string what, List<InterfaceMember> members)
    {
        string owner = "global::" + service.Namespace + "." + service.ClassName + ".";
        w.Line();
        WriteDocs(w, service, what);
        w.Line("public partial interface " + Name(service));
        w.OpenBrace();
        for (int i = 0; i < members.Count; i++)
        {
            if (i > 0) w.Line();
            w.Doc("<inheritdoc cref=\"" + owner + members[i].Cref + "\"/>");
            if (members[i].Obsolete.Length > 0) w.Line(members[i].Obsolete);
            w.Line(members[i].ReturnType + " " + members[i].Signature + ";");
        }
        w.CloseBrace();
    }

    /// <summary>
    /// The fake base, in its own namespace block after the client's: a test derives from it and overrides only the
    /// members the code under test calls. Implementing the interface by hand would take every member (a hundred for
    /// the queue); the rest throw <c>NotImplementedException</c> naming the member, so a test that calls one it did
    /// not fake says which. Not obsolete even for deprecated entries, so overriding one gives no warning.
    /// </summary>
    public static void WriteFakeBase(SourceWriter w, ServiceModel service, List<InterfaceMember> members)
    {
        string client = "<see cref=\"global::" + service.Namespace + "." + service.ClassName + "\"/>";
        string owner = "global::" + service.Namespace + "." + service.ClassName + ".";
        w.Line();
        w.Line("namespace " + TestingNamespace(service));
        w.OpenBrace();
        w.Doc("<summary>A base for hand-written fakes of " + client + " in unit tests: every member of <see cref=\"" + QualifiedName(service)
            + "\"/> is virtual and throws <see cref=\"global::System.NotImplementedException\"/> until overridden.</summary>");
        w.Doc("<remarks>Derive from it and override the members the code under test calls; it makes no requests and needs no server.</remarks>");
        w.Line("public abstract partial class " + FakeBaseName(service) + " : " + QualifiedName(service));
        w.OpenBrace();
        for (int i = 0; i < members.Count; i++)
        {
            if (i > 0) w.Line();
            w.Doc("<summary>Throws <see cref=\"global::System.NotImplementedException\"/>; override it to fake <see cref=\"" + owner + members[i].Cref + "\"/>.</summary>");
            string name = members[i].Signature.Substring(0, members[i].Signature.IndexOf('('));
            w.Line("public virtual " + members[i].ReturnType + " " + members[i].Signature);
            w.Indent();
            w.Line("=> throw new global::System.NotImplementedException(" + SourceWriter.Literal(FakeBaseName(service) + "." + name + " is not faked; override it.") + ");");
            w.Unindent();
        }
        w.CloseBrace();
        w.CloseBrace();
    }
}
