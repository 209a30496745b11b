<#-- The subject of a digest; see digest.txt.ftl for the model. -->
<#assign count = 0><#list groups as group><#assign count = count + group.items?size></#list>
Your <#if weekly>weekly<#else>daily</#if> network hub digest: ${count} <#if count == 1>update<#else>updates</#if>
