<#-- The subject of an email about one notice; see notice.txt.ftl for the model. -->
${title}
