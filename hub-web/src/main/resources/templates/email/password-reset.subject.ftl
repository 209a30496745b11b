<#-- The subject of a password reset email; see password-reset.txt.ftl for the model. -->
Reset your password for the network hub
