<#-- The subject of a consultation response's confirmation email; see consultation-confirm.txt.ftl for the model. -->
Confirm your response to ${title}
