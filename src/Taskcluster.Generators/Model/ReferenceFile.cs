namespace Taskcluster.Generators.Model;

/// <summary>
/// One AdditionalFile chosen as a TaskCluster reference, reduced to plain values so that an unchanged file compares
/// equal between runs and everything downstream stays cached.
/// </summary>
/// <param name="Path">The file's path, as the compiler knows it; diagnostics point at it.</param>
/// <param name="Text">The file's content ("" when it could not be read).</param>
/// <param name="ClassNameOverride">The <c>ClassName</c> metadata, or null to derive the class name from the file name.</param>
/// <param name="ReadError">Why the file could not be read, or null when <paramref name="Text"/> is its content.</param>
/// <param name="Namespace">The <c>Namespace</c> metadata, or null for <c>Taskcluster</c>.</param>
internal sealed record ReferenceFile(string Path, string Text, string? ClassNameOverride, string? ReadError = null, string? Namespace = null);

/// <summary>A class name and the file that produces it, to find classes produced by two files.</summary>
/// <param name="ClassName">The generated class.</param>
/// <param name="Path">The reference file.</param>
internal sealed record ClassClaim(string ClassName, string Path);

/// <summary>A class claim that loses to an earlier file producing the same class.</summary>
/// <param name="Loser">The claim that is not generated.</param>
/// <param name="WinnerPath">The file whose class is generated.</param>
internal sealed record LostClaim(ClassClaim Loser, string WinnerPath);

/// <summary>A class whose interface (<c>I</c> and its name) would have the name of another generated class.</summary>
/// <param name="Claim">The class that goes without its interface.</param>
/// <param name="InterfaceName">The interface name it would have had.</param>
/// <param name="OtherPath">The file producing the class of that name.</param>
internal sealed record InterfaceClash(ClassClaim Claim, string InterfaceName, string OtherPath);
