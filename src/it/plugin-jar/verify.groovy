import groovy.xml.XmlSlurper
import java.util.jar.JarFile

// The plugin jar as the build installed it: its version is the one the filtered it-parent names.
def version = new XmlSlurper().parse(new File(basedir, '../it-parent/pom.xml')).build.pluginManagement.plugins.plugin
        .find { it.artifactId.text() == 'wasm-snapshot-maven-plugin' }.version.text()
def jarFile = new File(localRepositoryPath,
        "io/github/wasmsnapshot/wasm-snapshot-maven-plugin/$version/wasm-snapshot-maven-plugin-${version}.jar")
def jar = new JarFile(jarFile)
def entry = { String name ->
    def found = jar.getEntry(name)
    assert found : "$name is not in $jarFile"
    new XmlSlurper().parse(jar.getInputStream(found))
}
def descriptor = entry('META-INF/maven/plugin.xml')
def m2e = entry('META-INF/m2e/lifecycle-mapping-metadata.xml')
jar.close()

// m2e runs the snapshot goal in Eclipse's incremental builds.
def execution = m2e.pluginExecutions.pluginExecution.find {
    it.pluginExecutionFilter.goals.goal*.text() == ['snapshot']
}
assert execution.action.execute.runOnIncremental.text() == 'true'

// wasm-snapshot:help -Ddetail shows every parameter of the snapshot goal a POM can set, each with its user property
// and its default, as the descriptor declares them.
def log = new File(basedir, 'build.log').text
def help = log.substring(log.indexOf('\nwasm-snapshot:snapshot\n') + 1)
// up to the next goal's section
def next = help.indexOf('\nwasm-snapshot:')
help = next < 0 ? help : help.substring(0, next)
def blocks = [:]
help.split('\n').inject(null) { name, line ->
    def header = line =~ /^    (\w+)( \(Default: .*)?$/
    if (header) {
        blocks[header[0][1]] = line.trim()
        return header[0][1]
    }
    if (name && line.startsWith('      ')) {
        blocks[name] += ' ' + line.trim()
    }
    return line.trim() ? name : null
}
def mojo = descriptor.mojos.mojo.find { it.goal.text() == 'snapshot' }
def parameters = mojo.parameters.parameter.findAll { it.editable.text() == 'true' }*.name*.text()
assert parameters.size() > 20
assert blocks.keySet() == parameters as Set : "help shows ${blocks.keySet()}, the descriptor has $parameters"
parameters.each { name ->
    def configuration = mojo.configuration."$name"
    def property = configuration.text() =~ /^\$\{(.+)\}$/
    if (property) {
        assert blocks[name].contains("User property: ${property[0][1]}") : blocks[name]
    }
    def defaultValue = configuration.'@default-value'.text()
    if (defaultValue) {
        assert blocks[name].startsWith("$name (Default: $defaultValue)") : blocks[name]
    }
}
true
