package org.emon.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/org.emon.console.cfg: whether Karaf's SSH console runs. Without the file, nothing is changed. */
@ObjectClassDefinition(name = "emon remote console", description = "Installs or uninstalls Karaf's SSH console (feature ssh)")
@interface RemoteConsoleConfig {

    @AttributeDefinition(description = "true: install the SSH console (port sshPort of etc/org.apache.karaf.shell.cfg); false: uninstall it")
    boolean ssh() default false;
}
